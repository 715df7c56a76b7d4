package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UpstreamUrisTests {

    @Test
    void parsesAUrlOnceAndAnswersTheSameUriAfterwards() {
        var first = UpstreamUris.of("http://127.0.0.1:8080/v1/chat/completions");

        assertThat(first).isEqualTo(URI.create("http://127.0.0.1:8080/v1/chat/completions"));
        assertThat(UpstreamUris.of("http://127.0.0.1:8080/v1/chat/completions")).isSameAs(first);
    }

    @Test
    void refusesWhatIsNotAUriAsUriCreateDoes() {
        assertThatThrownBy(() -> UpstreamUris.of("http://bad host/v1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staysBoundedWhateverUrlsItIsGiven() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(UpstreamUris.of("http://127.0.0.1:" + (1024 + i) + "/v1").getPort()).isEqualTo(1024 + i);
        }
        assertThat(UpstreamUris.cached()).isBetween(1, 4096);
    }
}
