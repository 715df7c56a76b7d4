package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.policy.LimitSpec;
import dev.warden.policy.PriceSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuotaArithmeticTests {

    @ParameterizedTest(name = "{0} at {1} -> {2} .. {3}")
    @CsvSource({
            "MINUTE, 2026-03-31T21:59:30Z, 2026-03-31T21:59:00Z, 2026-03-31T22:00:00Z",
            "HOUR,   2026-03-31T21:59:30Z, 2026-03-31T21:00:00Z, 2026-03-31T22:00:00Z",
            "DAY,    2026-03-31T21:59:30Z, 2026-03-30T22:00:00Z, 2026-03-31T22:00:00Z",
            "MONTH,  2026-03-31T21:59:30Z, 2026-02-28T23:00:00Z, 2026-03-31T22:00:00Z",
            "MONTH,  2026-03-31T22:00:30Z, 2026-03-31T22:00:00Z, 2026-04-30T22:00:00Z"})
    void windowsAreCalendarWindowsInTheZone(LimitSpec.Window window, Instant now, Instant start, Instant end) {
        var paris = ZoneId.of("Europe/Paris");

        assertThat(Windows.start(window, now, paris)).isEqualTo(start);
        assertThat(Windows.end(window, now, paris)).isEqualTo(end);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT0.02S, 20ms", "PT1S, 1s", "PT6M, 6m0s", "PT1H2M3S, 1h2m3s", "PT0S, 0s", "PT59.5S, 1m0s"})
    void formatsResetTimesAsOpenAiDoes(Duration duration, String text) {
        assertThat(RateLimitHeaders.format(duration)).isEqualTo(text);
    }

    @Test
    void pricesTokensInMicroDollarsRoundedUp() {
        var price = new PriceSpec("p", "gpt-4o", Optional.empty(), new BigDecimal("2.50"), new BigDecimal("10.00"));

        assertThat(Prices.micros(price, 1000, 500)).isEqualTo(7_500);
        assertThat(Prices.micros(new PriceSpec("q", "m", Optional.empty(), new BigDecimal("0.15"), BigDecimal.ZERO), 3, 0))
                .isEqualTo(1);
        assertThat(Prices.dollars(7_500)).isEqualByComparingTo("0.0075");
    }

    @Test
    void countsOpenAiModelsWithTheirTokenizerAndOthersConservatively() throws Exception {
        var estimator = new TokenEstimator();
        var request = new ObjectMapper().readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"Hello, world! How are you today?\"}]}");

        long openAi = estimator.promptTokens(request, "gpt-4o-mini");
        long other = estimator.promptTokens(request, "llama3.2");

        assertThat(openAi).isEqualTo(4 + 9);
        assertThat(other).isEqualTo(4 + 11).isGreaterThan(openAi);
    }

    @Test
    void boundsThePromptCheaplyNeverBelowTheExactCount() throws Exception {
        var estimator = new TokenEstimator();
        var texts = List.of("Hello, world! How are you today?", "日本語のテキストを数える", "emoji 🙂🚀 and ümlauts",
                "for (int i = 0; i < n; i++) { total += values[i] * 2; }", "   \n\t  spaced   out  ", "a".repeat(5000),
                "SELECT id, name FROM users WHERE created_at > now() - interval '1 day'");
        for (var text : texts) {
            var request = new ObjectMapper().readTree("{\"messages\":[{\"role\":\"user\",\"content\":"
                    + new ObjectMapper().writeValueAsString(text) + "}],\"tools\":[{\"type\":\"function\"}]}");
            for (var model : List.of("gpt-4o-mini", "gpt-4")) {
                assertThat(estimator.promptTokensAtMost(request, model)).as(text + " for " + model)
                        .isGreaterThanOrEqualTo(estimator.promptTokens(request, model));
            }
            assertThat(estimator.promptTokensAtMost(request, "llama3.2")).isEqualTo(estimator.promptTokens(request, "llama3.2"));
        }
        var ascii = new ObjectMapper().readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"héllo 🙂\"}]}");
        assertThat(estimator.promptTokensAtMost(ascii, "gpt-4o")).as("4 framing tokens and 11 UTF-8 bytes").isEqualTo(4 + 11);
        assertThat(estimator.countsExactly("gpt-4o")).isTrue();
        assertThat(estimator.countsExactly("claude-sonnet-4")).isFalse();
    }
}
