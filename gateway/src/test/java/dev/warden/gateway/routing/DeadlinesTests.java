package dev.warden.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlinesTests {

    private final Deadlines deadlines = new Deadlines();

    @AfterEach
    void stop() {
        deadlines.destroy();
    }

    @Test
    void aCancelledDeadlineLeavesTheSchedulerAtOnceRatherThanWhenItWouldHaveExpired() {
        var started = new ArrayList<Deadlines.Deadline>();
        for (int i = 0; i < 1_000; i++) {
            started.add(deadlines.after(Duration.ofMinutes(10), limit -> "total", () -> { }));
        }
        assertThat(deadlines.running()).isEqualTo(1_000);

        started.forEach(Deadlines.Deadline::cancel);

        assertThat(deadlines.running()).isZero();
        assertThat(started).noneMatch(Deadlines.Deadline::expired);
    }

    @Test
    void anExpiredDeadlineRunsItsActionAndSaysWhatExpired() {
        var expiries = new AtomicInteger();

        var deadline = deadlines.after(Duration.ofMillis(20), limit -> "the limit of " + limit.toMillis() + " ms", expiries::incrementAndGet);

        await().atMost(Duration.ofSeconds(5)).until(deadline::expired);
        assertThat(expiries).hasValue(1);
        assertThat(deadline.what()).isEqualTo("the limit of 20 ms");
        assertThat(deadlines.running()).isZero();
    }
}
