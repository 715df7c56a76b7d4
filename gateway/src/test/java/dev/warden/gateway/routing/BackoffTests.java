package dev.warden.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.RetrySpec;
import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTests {

    private static final RetrySpec SPEC = new RetrySpec(4, Duration.ofMillis(100), Duration.ofMillis(300));

    @RepeatedTest(20)
    void drawsAJitteredDelayBelowAnExponentialCeilingCappedByTheMaximum() {
        assertThat(Backoff.before(1, SPEC, null)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(100)));
        assertThat(Backoff.before(2, SPEC, null)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(200)));
        assertThat(Backoff.before(5, SPEC, null)).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(300)));
    }

    @Test
    void honoursRetryAfterUpToTheMaximumAndOtherwiseGivesUpOnTheTarget() {
        assertThat(Backoff.before(1, SPEC, Duration.ofMillis(250))).contains(Duration.ofMillis(250));
        assertThat(Backoff.before(1, SPEC, Duration.ofSeconds(7))).isEmpty();
    }

    @Test
    void readsRetryAfterInSecondsAndIgnoresDates() {
        assertThat(Backoff.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Backoff.retryAfter("0.5")).isEqualTo(Duration.ofMillis(500));
        assertThat(Backoff.retryAfter("Wed, 21 Oct 2026 07:28:00 GMT")).isNull();
        assertThat(Backoff.retryAfter(null)).isNull();
    }
}
