package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

/** How a whole answer already in memory is read: handed over as it is, within the same limit. */
class UpstreamResponseTests {

    private static final byte[] ANSWER = "{\"object\":\"chat.completion\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void anAnswerReadIntoMemoryIsHandedOverWithoutACopy() throws Exception {
        var response = UpstreamResponse.inMemory(new BasicClassicHttpResponse(200), ANSWER);

        assertThat(response.readBody(1024)).isSameAs(ANSWER);
    }

    @Test
    void anAnswerInMemoryOverTheLimitFailsAsOneReadFromTheConnectionWould() {
        var response = UpstreamResponse.inMemory(new BasicClassicHttpResponse(200), ANSWER);

        assertThatThrownBy(() -> response.readBody(ANSWER.length - 1)).isInstanceOf(UpstreamFailure.class)
                .hasMessageContaining("exceeds " + (ANSWER.length - 1) + " bytes");
    }

    @Test
    void theBodyStreamStillGivesTheWholeAnswerToCallersThatReadIt() throws Exception {
        var response = UpstreamResponse.inMemory(new BasicClassicHttpResponse(200), ANSWER);

        assertThat(response.body().readAllBytes()).isEqualTo(ANSWER);
    }
}
