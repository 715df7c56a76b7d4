package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.gateway.decisionlog.spool.DecisionSpool;
import dev.warden.gateway.decisionlog.spool.SegmentSync;
import dev.warden.gateway.decisionlog.spool.SpoolReader;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionSpoolTests {

    /** A disk whose every sync fails. */
    static final SegmentSync FAILING_DISK = channel -> {
        throw new IOException("the disk failed");
    };

    @TempDir
    Path directory;

    /**
     * A disk whose first sync is interrupted as it forces (the thread interrupted there, not before,
     * which the spool would hold back): the channel it forces closes under every thread.
     */
    static SegmentSync interruptedOnce() {
        var first = new AtomicBoolean(true);
        return channel -> {
            if (first.getAndSet(false)) {
                Thread.currentThread().interrupt();
            }
            channel.force(false);
        };
    }

    @Test
    void readsBackWhatWasAppendedAcrossSegmentsAndResumesAfterItsCheckpoint() throws IOException {
        var spool = new DecisionSpool(directory, 64);
        for (int i = 0; i < 10; i++) {
            spool.append(("record-" + i).getBytes(StandardCharsets.UTF_8));
        }
        var reader = new SpoolReader(spool);

        var first = reader.next(4);
        reader.commit(first);
        var resumed = new SpoolReader(spool).next(100);

        assertThat(first.payloads()).extracting(String::new).containsExactly("record-0", "record-1", "record-2", "record-3");
        assertThat(resumed.payloads()).extracting(String::new).containsExactly("record-4", "record-5", "record-6", "record-7",
                "record-8", "record-9");
        assertThat(spool.segments().size()).isGreaterThan(1);
    }

    @Test
    void startsANewSegmentExactlyWhenTheNextFrameWouldPassTheSegmentSize() throws IOException {
        // Frames of 8 header bytes and 12 payload bytes: three fit in 64 bytes, a fourth would not.
        var spool = new DecisionSpool(directory, 64);
        for (int i = 0; i < 7; i++) {
            spool.append(("record-%05d".formatted(i)).getBytes(StandardCharsets.UTF_8));
        }
        var big = new byte[100]; // larger than a segment: written whole, alone in its segment
        spool.append(big);
        spool.append("record-00007".getBytes(StandardCharsets.UTF_8));
        spool.close();

        var sizes = spool.segments().stream().map(DecisionSpoolTests::size).toList();
        assertThat(sizes).containsExactly(60L, 60L, 20L, 108L, 20L);
        var restarted = new DecisionSpool(directory, 64);
        restarted.append("after-restart".getBytes(StandardCharsets.UTF_8));
        assertThat(restarted.segments()).hasSize(6);
        assertThat(new SpoolReader(restarted).next(100).payloads()).hasSize(10);
    }

    @Test
    void leavesARolledOverSegmentsSyncToTheNextSyncWhichClosesIt() throws IOException {
        var spool = new DecisionSpool(directory, 64);
        for (int i = 0; i < 9; i++) {
            spool.append(("record-%05d".formatted(i)).getBytes(StandardCharsets.UTF_8));
        }
        // three segments written: an append that rolls over leaves the old one open for the sync
        assertThat(spool.segments()).hasSize(3);
        assertThat(openSegments()).isEqualTo(3);

        spool.sync();

        assertThat(openSegments()).as("only the segment appended to now").isEqualTo(1);
        assertThat(new SpoolReader(spool).next(100).payloads()).hasSize(9);
        spool.close();
        assertThat(openSegments()).isZero();
    }

    @Test
    void completesAWaiterOnlyOnceASyncCoversItsRecord() throws IOException {
        var spool = new DecisionSpool(directory, 1024);
        long first = spool.append("first".getBytes(StandardCharsets.UTF_8));
        var waitingForFirst = spool.whenDurable(first);
        long second = spool.append("second".getBytes(StandardCharsets.UTF_8));
        var waitingForSecond = spool.whenDurable(second);
        assertThat(waitingForFirst).isNotDone();
        assertThat(waitingForSecond).isNotDone();

        spool.awaitDurable(first);

        // The sync for the first covers every record appended before it began: both are on disk.
        assertThat(waitingForFirst).isCompleted();
        assertThat(waitingForSecond).isCompleted();
        assertThat(spool.whenDurable(second)).as("already on disk").isCompleted();
        long third = spool.append("third".getBytes(StandardCharsets.UTF_8));
        var waitingForThird = spool.whenDurable(third);
        assertThat(waitingForThird).isNotDone();
        spool.sync();
        assertThat(waitingForThird).isCompleted();
        spool.close();
    }

    @Test
    void completesWaitersLeftAtCloseAndFailsOnesWhoseSyncFailed() throws IOException {
        var spool = new DecisionSpool(directory, 1024);
        var leftAtClose = spool.whenDurable(spool.append("kept".getBytes(StandardCharsets.UTF_8)));
        spool.close();
        assertThat(leftAtClose).as("closing forces every segment").isCompleted();

        var reopened = new DecisionSpool(directory, 1024, FAILING_DISK);
        var waiting = reopened.whenDurable(reopened.append("unsynced".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(reopened::sync).isInstanceOf(IOException.class).hasMessage("the disk failed");
        assertThat(waiting).isCompletedExceptionally();
    }

    @Test
    void aCloseOnAnInterruptedThreadForcesEverySegmentAndKeepsTheFlag() throws IOException {
        var spool = new DecisionSpool(directory, 64);
        long last = 0;
        for (int i = 0; i < 10; i++) {
            last = spool.append(("record-%05d".formatted(i)).getBytes(StandardCharsets.UTF_8));
        }
        var waiting = spool.whenDurable(last);

        boolean stillInterrupted = Interrupted.stillInterruptedAfter(spool::close);

        assertThat(stillInterrupted).isTrue();
        assertThat(waiting).isCompleted();
        assertThat(openSegments()).as("rolled and active segments alike are closed").isZero();
    }

    @Test
    void aSyncOnAnInterruptedThreadHoldsTheFlagBackAndSucceeds() throws IOException {
        var spool = new DecisionSpool(directory, 1024);
        var waiting = spool.whenDurable(spool.append("before".getBytes(StandardCharsets.UTF_8)));

        boolean stillInterrupted = Interrupted.stillInterruptedAfter(spool::sync);
        spool.append("after".getBytes(StandardCharsets.UTF_8));
        spool.sync();

        assertThat(stillInterrupted).as("the flag is the caller's, set again after the sync").isTrue();
        assertThat(waiting).isCompleted();
        assertThat(new SpoolReader(spool).next(100).payloads()).extracting(String::new).containsExactly("before", "after");
        spool.close();
    }

    @Test
    void anAppendOnAnInterruptedThreadKeepsTheSpoolOpenAndTheThreadInterrupted() throws IOException {
        var spool = new DecisionSpool(directory, 1024);
        spool.append("before".getBytes(StandardCharsets.UTF_8));

        boolean stillInterrupted = Interrupted.stillInterruptedAfter(() -> spool.append("interrupted".getBytes(StandardCharsets.UTF_8)));
        spool.append("after".getBytes(StandardCharsets.UTF_8));
        spool.sync();

        assertThat(stillInterrupted).as("the flag is the caller's, set again after the write").isTrue();
        assertThat(new SpoolReader(spool).next(100).payloads()).extracting(String::new).containsExactly("before", "interrupted", "after");
        spool.close();
    }

    @Test
    void aSegmentAnInterruptedSyncClosedIsOpenedAgainByTheNextAppend() throws IOException {
        var spool = new DecisionSpool(directory, 1024, interruptedOnce());
        spool.append("before".getBytes(StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(spool::sync).isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }

        spool.append("after".getBytes(StandardCharsets.UTF_8));
        spool.sync();

        assertThat(new SpoolReader(spool).next(100).payloads()).extracting(String::new).containsExactly("before", "after");
        assertThat(spool.segments()).hasSize(1);
        spool.close();
        assertThatThrownBy(() -> spool.append("closed".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class);
    }

    @Test
    void rolledSegmentsASyncFailedToReachAreForcedAndClosedByTheNext() throws IOException {
        var spool = new DecisionSpool(directory, 64, interruptedOnce());
        for (int i = 0; i < 10; i++) {
            spool.append(("record-%05d".formatted(i)).getBytes(StandardCharsets.UTF_8));
        }
        assertThat(openSegments()).as("three rolled segments and the active one").isEqualTo(4);
        // The first rolled segment's channel closes under the interrupt; the next sync forces it through its file.
        try {
            assertThatThrownBy(spool::sync).isInstanceOf(ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }

        spool.sync();

        assertThat(openSegments()).as("only the active segment is left open").isEqualTo(1);
        assertThat(new SpoolReader(spool).next(100).payloads()).hasSize(10);
        spool.close();
    }

    /** This process's open files in the spool's directory (Linux's view of its descriptors). */
    private long openSegments() throws IOException {
        var spoolDirectory = directory.toRealPath();
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd);
                } catch (IOException gone) {
                    return Path.of("");
                }
            }).filter(target -> target.startsWith(spoolDirectory)).count();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aCheckpointACrashLeftUnreadableMakesTheNextStartReadAgainFromTheOldestSegmentLeft() throws IOException {
        var spool = new DecisionSpool(directory, 64);
        for (int i = 0; i < 10; i++) {
            spool.append(("record-" + i).getBytes(StandardCharsets.UTF_8));
        }
        var reader = new SpoolReader(spool);
        reader.commit(reader.next(4));
        var oldestLeft = new SpoolReader(spool).next(100).payloads().getFirst();
        Files.writeString(directory.resolve("checkpoint"), "");

        var replayed = new SpoolReader(spool).next(100);

        // Everything from the oldest segment still on disk, again: storing it twice keeps one copy.
        assertThat(replayed.payloads()).extracting(String::new).contains("record-9");
        assertThat(replayed.payloads().size()).isGreaterThanOrEqualTo(6);
        assertThat(new String(oldestLeft)).isEqualTo("record-4");
    }

    @Test
    void skipsATornFrameLeftByACrashAndCountsIt() throws IOException {
        var crashed = new DecisionSpool(directory, 1 << 20);
        crashed.append("kept".getBytes(StandardCharsets.UTF_8));
        crashed.close();
        Files.write(crashed.segments().getLast(), new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 'x'}, StandardOpenOption.APPEND);

        var restarted = new DecisionSpool(directory, 1 << 20);
        restarted.append("after".getBytes(StandardCharsets.UTF_8));
        var reader = new SpoolReader(restarted);
        var batch = reader.next(100);

        assertThat(batch.payloads()).extracting(String::new).containsExactly("kept", "after");
        assertThat(reader.corruptSegments()).isEqualTo(1);
    }

    @Test
    void readsBackRecordsAppendedInPlaceNextToCopiedOnes() throws IOException {
        var spool = new DecisionSpool(directory, 1 << 20);
        spool.append("copied".getBytes(StandardCharsets.UTF_8));
        var buffer = new byte[DecisionSpool.FRAME_HEADER + 20];
        var inPlace = "in place".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(inPlace, 0, buffer, DecisionSpool.FRAME_HEADER, inPlace.length);
        spool.appendFramed(buffer, inPlace.length);
        spool.append("copied again".getBytes(StandardCharsets.UTF_8));

        var batch = new SpoolReader(spool).next(100);

        assertThat(batch.payloads()).extracting(String::new).containsExactly("copied", "in place", "copied again");
    }

    @Test
    void deletesSegmentsOnceTheyAreShipped() throws IOException {
        var spool = new DecisionSpool(directory, 32);
        for (int i = 0; i < 6; i++) {
            spool.append(("r" + i).getBytes(StandardCharsets.UTF_8));
        }
        var reader = new SpoolReader(spool);

        reader.commit(reader.next(100));

        assertThat(spool.segments()).hasSize(1);
    }
}
