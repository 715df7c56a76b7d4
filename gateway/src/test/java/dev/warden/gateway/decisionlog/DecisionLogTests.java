package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionLogTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<DecisionRecord> stored = new CopyOnWriteArrayList<>();
    private DecisionLog log;

    @AfterEach
    void stop() {
        if (log != null && log.isRunning()) {
            log.stop();
        }
    }

    @Test
    void appendNeverWaitsForAStalledDatabase() {
        var release = new CountDownLatch(1);
        log = start(records -> {
            awaitQuietly(release);
            stored.addAll(records);
        }, 1000);

        for (int i = 0; i < 500; i++) {
            log.append(record());
        }

        assertThat(stored).isEmpty();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 500);
    }

    @Test
    void retriesABatchTheDatabaseRefusedWithoutLosingIt() {
        var failures = new AtomicInteger(2);
        log = start(records -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("database down");
            }
            stored.addAll(records);
        }, 1000);

        var record = record();
        log.append(record);

        await().atMost(Duration.ofSeconds(5)).until(() -> stored.contains(record));
        assertThat(meters.counter("warden.decisions.shipped").count()).isEqualTo(1);
    }

    @Test
    void countsARecordItHadNoRoomFor() {
        var release = new CountDownLatch(1);
        log = start(records -> awaitQuietly(release), 2);

        for (int i = 0; i < 10; i++) {
            log.append(record());
        }

        assertThat(meters.counter("warden.decisions.dropped", "reason", "queue_full").count()).isPositive();
        release.countDown();
    }

    @Test
    void drainsWhatIsQueuedWhenStopped() {
        log = start(stored::addAll, 1000);
        for (int i = 0; i < 50; i++) {
            log.append(record());
        }

        log.stop();

        assertThat(stored).hasSize(50);
    }

    private DecisionLog start(DecisionWriter writer, int capacity) {
        var properties = new DecisionLogProperties(capacity, 100, Duration.ofMillis(10), Duration.ofSeconds(5));
        var started = new DecisionLog(writer, properties, meters);
        started.start();
        return started;
    }

    private static DecisionRecord record() {
        return new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/models", false, null, null, null, null,
                200, "ok", null, null, "rev", false, List.of(), null, null, 1.0, 0.5, null, null, null, null, null, null, null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
