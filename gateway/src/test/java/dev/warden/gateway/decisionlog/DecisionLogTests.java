package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.warden.gateway.decisionlog.spool.DecisionSpool;
import dev.warden.gateway.decisionlog.spool.SegmentSync;
import dev.warden.gateway.embedded.DataDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTests {

    @TempDir
    Path data;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<DecisionRecord> stored = new CopyOnWriteArrayList<>();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
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
        log = start(batch -> {
            awaitQuietly(release);
            stored.addAll(batch.records());
        }, DecisionLogProperties.Durability.RELAXED);

        for (int i = 0; i < 500; i++) {
            log.append(record());
        }

        assertThat(stored).isEmpty();
        assertThat(meters.get("warden.decisions.spooled").functionCounter().count()).isEqualTo(500);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 500);
    }

    @Test
    void aStrictRecordAppendedWithoutWaitingWakesTheSyncThreadInsteadOfWaitingForItsNextRound() {
        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.STRICT, Duration.ofHours(1));
        var waiting = new ArrayList<CompletableFuture<Void>>();
        for (int i = 0; i < 50; i++) {
            waiting.add(log.appendWithoutWaiting(record()));
        }
        // The periodic sync is an hour away: only the woken sync thread completes these.
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.stream().allMatch(CompletableFuture::isDone));
        assertThat(waiting).allMatch(done -> !done.isCompletedExceptionally());
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 50);
        assertThat(meters.get("warden.decisions.dropped").tag("reason", "spool_write_failed").counter().count()).isZero();
    }

    @Test
    void aRelaxedRecordAppendedWithoutWaitingIsDoneAtOnce() {
        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.RELAXED, Duration.ofHours(1));
        assertThat(log.appendWithoutWaiting(record())).isCompleted();
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 1);
    }

    @Test
    void aStrictRecordWhoseSyncFailedIsCountedAsUnsyncedNotDroppedAndShips() {
        var failedOnce = new AtomicBoolean();
        SegmentSync failingOnce = channel -> {
            if (!failedOnce.getAndSet(true)) {
                throw new IOException("the disk failed");
            }
            channel.force(false);
        };
        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.STRICT, Duration.ofHours(1),
                failingOnce);
        var record = record();

        log.append(record);

        assertThat(meters.counter("warden.decisions.sync.failed").count()).isEqualTo(1);
        assertThat(meters.counter("warden.decisions.dropped", "reason", "spool_write_failed").count()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.contains(record));
    }

    @Test
    void aStrictRecordAppendedOnAnInterruptedThreadIsSyncedAndTheFlagKept() throws IOException {
        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.STRICT, Duration.ofHours(1));
        var record = record();

        // A request thread can carry a flag it restored after a wait it cut short; a force made with it would fail.
        boolean stillInterrupted = Interrupted.stillInterruptedAfter(() -> log.append(record));

        assertThat(stillInterrupted).isTrue();
        assertThat(meters.counter("warden.decisions.sync.failed").count()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.contains(record));
    }

    @Test
    void retriesABatchTheDatabaseRefusedWithoutLosingIt() {
        var failures = new AtomicInteger(2);
        log = start(batch -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("database down");
            }
            stored.addAll(batch.records());
        }, DecisionLogProperties.Durability.STRICT);

        var record = record();
        log.append(record);

        await().atMost(Duration.ofSeconds(5)).until(() -> stored.contains(record));
        assertThat(meters.counter("warden.decisions.shipped").count()).isEqualTo(1);
        assertThat(meters.counter("warden.decisions.dropped", "reason", "spool_write_failed").count()).isZero();
    }

    @Test
    void shipsAtTheNextStartWhatWasSpooledWhileTheDatabaseWasDown() {
        log = start(batch -> {
            throw new IllegalStateException("database down");
        }, DecisionLogProperties.Durability.STRICT);
        var records = List.of(record(), record(), record());
        records.forEach(log::append);
        log.stop();

        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.STRICT);

        await().atMost(Duration.ofSeconds(5)).until(() -> stored.containsAll(records));
        assertThat(stored).hasSize(3);
    }

    @Test
    void neverShipsARecordTwiceAcrossRestarts() {
        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.RELAXED);
        for (int i = 0; i < 50; i++) {
            log.append(record());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 50);
        log.stop();

        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.RELAXED);
        log.append(record());

        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 51);
        assertThat(stored.stream().map(DecisionRecord::id).distinct()).hasSize(51);
    }

    @Test
    void letsRecordsGatherIntoFewLargeBatchesInsteadOfOneInsertPerRequest() {
        var batches = new AtomicInteger();
        log = start(batch -> {
            batches.incrementAndGet();
            stored.addAll(batch.records());
        }, DecisionLogProperties.Durability.RELAXED);

        long started = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            log.append(record());
            LockSupport.parkNanos(1_000_000);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 300);

        // One round every 50 ms at most, whatever the machine's speed; waking per record gave about one batch a record.
        assertThat(batches.get()).isLessThanOrEqualTo((int) (elapsedMs / 50) + 3);
    }

    @Test
    void anIdleShipperDoesNotReadTheSpoolUntilARecordIsAppended() {
        log = start(batch -> stored.addAll(batch.records()), DecisionLogProperties.Durability.RELAXED);
        log.append(record());
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> log.pending() == 0);
        long readsWhenIdle = log.spoolReads();

        LockSupport.parkNanos(Duration.ofMillis(400).toNanos()); // eight shipping rounds

        // The read that found the spool empty may still have been under way; none after it.
        assertThat(log.spoolReads()).isLessThanOrEqualTo(readsWhenIdle + 1);
        log.append(record());
        await().atMost(Duration.ofSeconds(5)).until(() -> stored.size() == 2);
    }

    private DecisionLog start(DecisionWriter writer, DecisionLogProperties.Durability durability) {
        return start(writer, durability, Duration.ofMillis(20));
    }

    private DecisionLog start(DecisionWriter writer, DecisionLogProperties.Durability durability, Duration syncInterval) {
        return start(writer, durability, syncInterval, SegmentSync.FSYNC);
    }

    private DecisionLog start(DecisionWriter writer, DecisionLogProperties.Durability durability, Duration syncInterval,
                              SegmentSync disk) {
        var properties = new DecisionLogProperties(durability, syncInterval, 100, Duration.ofMillis(10),
                Duration.ofSeconds(5), 4096L, null);
        var spool = new DecisionSpool(new DataDirectory(data).resolve("spool"), properties.segmentBytes(), disk);
        var started = new DecisionLog(writer, properties, json, spool, meters);
        started.start();
        return started;
    }

    private static DecisionRecord record() {
        return new DecisionRecord(UUID.randomUUID(), Instant.now(), null, "/v1/models", false, null, null, null, null,
                200, "ok", null, null, "rev", false, List.of(), null, null, 1.0, 0.5, null, null, null, null, null, null, null, null, null, null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
