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
    void aCancelledDeadlineIsForgottenAtOnceRatherThanWhenItWouldHaveExpired() {
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
    void aDeadlineExpiresAtTheFirstSweepAtOrAfterItsLimitAndNotBefore() {
        var byHand = new Deadlines(Duration.ofHours(1)); // its own sweep never comes
        try {
            long start = System.nanoTime();
            var expiries = new AtomicInteger();
            var deadline = byHand.after(Duration.ofSeconds(10), limit -> "first event", expiries::incrementAndGet);
            long due = start + Duration.ofSeconds(10).toNanos();

            byHand.sweep(due - Duration.ofSeconds(1).toNanos());
            assertThat(deadline.expired()).isFalse();

            byHand.sweep(due + Duration.ofSeconds(1).toNanos());
            assertThat(deadline.expired()).isTrue();
            assertThat(expiries).hasValue(1);

            byHand.sweep(due + Duration.ofSeconds(2).toNanos());
            assertThat(expiries).as("expires once").hasValue(1);
            assertThat(byHand.running()).isZero();
        } finally {
            byHand.destroy();
        }
    }

    @Test
    void aCancelledDeadlineNeverExpiresAndAFailingActionDoesNotStopTheOthers() {
        var byHand = new Deadlines(Duration.ofHours(1));
        try {
            var expiries = new AtomicInteger();
            var cancelled = byHand.after(Duration.ZERO, limit -> "total", expiries::incrementAndGet);
            var failing = byHand.after(Duration.ZERO, limit -> "total", () -> {
                throw new IllegalStateException("cancel failed");
            });
            var others = new ArrayList<Deadlines.Deadline>();
            for (int i = 0; i < 10; i++) {
                others.add(byHand.after(Duration.ZERO, limit -> "total", expiries::incrementAndGet));
            }
            cancelled.cancel();

            byHand.sweep(System.nanoTime() + 1);

            assertThat(cancelled.expired()).isFalse();
            assertThat(failing.expired()).isTrue();
            assertThat(others).allMatch(Deadlines.Deadline::expired);
            assertThat(expiries).hasValue(10);
        } finally {
            byHand.destroy();
        }
    }

    @Test
    void manyThreadsStartAndCancelDeadlinesAtOnceAndNoneIsLeftBehind() throws Exception {
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 50; t++) {
                threads.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        deadlines.after(Duration.ofMinutes(10), limit -> "total", () -> { }).cancel();
                    }
                });
            }
        }
        assertThat(deadlines.running()).isZero();
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
