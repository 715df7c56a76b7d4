package dev.warden.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallWindowTests {

    @Test
    void computesErrorRateAndPercentilesOverTheLastCalls() {
        var window = new CallWindow();
        for (int i = 1; i <= 20; i++) {
            window.record(i * 10, i % 4 != 0);
        }

        var stats = window.stats("p", "m", "CLOSED");

        assertThat(stats.calls()).isEqualTo(20);
        assertThat(stats.errorRate()).isEqualTo(0.25);
        assertThat(stats.latencyP50Ms()).isEqualTo(100);
        assertThat(stats.latencyP95Ms()).isEqualTo(190);
    }

    @Test
    void forgetsCallsOlderThanItsSize() {
        var window = new CallWindow();
        for (int i = 0; i < CallWindow.SIZE; i++) {
            window.record(1, false);
        }
        for (int i = 0; i < CallWindow.SIZE; i++) {
            window.record(1, true);
        }

        assertThat(window.stats("p", "m", "CLOSED").errorRate()).isZero();
    }
}
