package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CompletionScanTests {

    private static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    @Test
    void readsTheUsageWhereverItIsAndSkipsEverythingElse() {
        var scan = scan("""
                {"id":"c1","choices":[{"message":{"role":"assistant","content":"{\\"usage\\":1}","usage":{"prompt_tokens":99}}}],
                 "usage":{"prompt_tokens_details":{"cached_tokens":3},"prompt_tokens":12,"total_tokens":19,"completion_tokens":7},
                 "system_fingerprint":null}""");

        assertThat(scan).isEqualTo(new CompletionScan(true, 12, 7));
    }

    @Test
    void tellsACompletionWithoutUsageFromOneWithout() {
        assertThat(scan("{\"choices\":[]}")).isEqualTo(new CompletionScan(false, null, null));
        assertThat(scan("{\"usage\":null}")).isEqualTo(new CompletionScan(false, null, null));
        assertThat(scan("{\"usage\":{}}")).isEqualTo(new CompletionScan(true, null, null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "12          | 12",
            "12.0        | 12",
            "\"12\"      | null",
            "99999999999 | null",
            "[1]         | null",
            "{\"n\":1}   | null"})
    void readsTokenCountsAsTheTreeWould(String value, Integer expected) {
        var scan = scan("{\"usage\":{\"prompt_tokens\":" + value + ",\"completion_tokens\":5}}");

        assertThat(scan.promptTokens()).isEqualTo(expected);
        assertThat(scan.completionTokens()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"text\"", "{\"a\":1", "{\"a\":1} {}", "{\"a\":1}x", "{\"a\":1,\"a\":2}", "<html>"})
    void refusesWhatIsNotExactlyOneJsonObject(String body) {
        assertThat(scan(body)).isNull();
    }

    private static CompletionScan scan(String body) {
        return CompletionScan.of(body.getBytes(StandardCharsets.UTF_8), FACTORY);
    }
}
