package dev.warden.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlatformFirstExecutorTests {

    @Test
    void runsOnPlatformThreadsWhileFewerRequestsThanThemAreInProgressAndVirtualBeyond() throws Exception {
        try (var executor = new PlatformFirstExecutor(2)) {
            awaitPlatformThreadsWaiting(2);
            var release = new CountDownLatch(1);

            assertThat(holding(executor, release).get(5, TimeUnit.SECONDS)).as("first of two in progress").isFalse();
            assertThat(holding(executor, release).get(5, TimeUnit.SECONDS)).as("second of two in progress").isFalse();
            assertThat(runsVirtual(executor)).as("third in progress").isTrue();

            release.countDown();
            awaitPlatformThreadsWaiting(2);
            assertThat(runsVirtual(executor)).as("alone again").isFalse();
        }
    }

    @Test
    void afterCloseEveryTaskStillRuns() throws Exception {
        var executor = new PlatformFirstExecutor(1);
        executor.close();

        assertThat(runsVirtual(executor)).isTrue();
    }

    /** Waits until that many of the executor's platform threads wait for work (the tests here run one executor at a time). */
    private static void awaitPlatformThreadsWaiting(int threads) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("request-p-") && thread.getState() == Thread.State.WAITING)
                .count() >= threads);
    }

    private static boolean runsVirtual(PlatformFirstExecutor executor) throws Exception {
        var virtual = new CompletableFuture<Boolean>();
        executor.execute(() -> virtual.complete(Thread.currentThread().isVirtual()));
        return virtual.get(5, TimeUnit.SECONDS);
    }

    /** Starts a task that reports whether it runs on a virtual thread, then holds its thread until released. */
    private static CompletableFuture<Boolean> holding(PlatformFirstExecutor executor, CountDownLatch release) {
        var started = new CompletableFuture<Boolean>();
        executor.execute(() -> {
            started.complete(Thread.currentThread().isVirtual());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return started;
    }
}
