package dev.warden.gateway.decisionlog.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the spool from the last shipped position (kept in a checkpoint file, so a restart resumes
 * there), and removes segments once everything in them was shipped. A damaged frame in a
 * completed segment is skipped with the rest of that segment and counted; in the segment still
 * being written, it is a record not yet complete, and reading waits for it.
 *
 * <p>The checkpoint is replaced atomically but not forced to disk: storing is idempotent by
 * decision id, so a checkpoint that a crash took back, or left unreadable, only makes the next
 * start ship again what PostgreSQL already holds (from the oldest segment still there, since
 * segments are removed only behind a written checkpoint). Forcing it cost an fsync per shipping
 * round, twenty a second under load.
 */
public final class SpoolReader {

    private static final String CHECKPOINT = "checkpoint";

    private final DecisionSpool spool;
    private long segment;
    private long offset;
    private long corruptSegments;

    public SpoolReader(DecisionSpool spool) throws IOException {
        this.spool = spool;
        var checkpoint = spool.directory().resolve(CHECKPOINT);
        if (Files.exists(checkpoint)) {
            var parts = Files.readString(checkpoint, StandardCharsets.US_ASCII).strip().split(" ");
            try {
                segment = Long.parseLong(parts[0]);
                offset = Long.parseLong(parts[1]);
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                segment = 0; // ship again from the oldest segment left: storing is idempotent
                offset = 0;
            }
        }
    }

    /** A batch of payloads and the position after them, to commit once they are stored. */
    public record Batch(List<byte[]> payloads, long segment, long offset) {
    }

    /** Up to {@code max} payloads after the checkpoint (possibly none). */
    public Batch next(int max) throws IOException {
        var payloads = new ArrayList<byte[]>();
        long readSegment = segment;
        long readOffset = offset;
        for (var file : spool.segments()) {
            long number = DecisionSpool.number(file);
            if (number < readSegment) {
                continue;
            }
            if (number > readSegment) {
                readSegment = number;
                readOffset = 0;
            }
            try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = channel.size();
                var frames = new Frames.Reader(channel, size);
                while (payloads.size() < max) {
                    var frame = frames.read(readOffset);
                    if (frame == null) {
                        break;
                    }
                    payloads.add(frame.payload());
                    readOffset = frame.next();
                }
                if (payloads.size() >= max) {
                    break;
                }
                if (readOffset < size && number < spool.activeSegment()) {
                    corruptSegments++;
                    readSegment = number + 1;
                    readOffset = 0;
                    continue;
                }
                if (number >= spool.activeSegment()) {
                    break;
                }
            }
        }
        return new Batch(payloads, readSegment, readOffset);
    }

    /** Records that everything up to the batch's end is stored, and drops segments no longer needed. */
    public void commit(Batch batch) throws IOException {
        segment = batch.segment();
        offset = batch.offset();
        var temporary = spool.directory().resolve(CHECKPOINT + ".tmp");
        Files.writeString(temporary, segment + " " + offset, StandardCharsets.US_ASCII);
        Files.move(temporary, spool.directory().resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (var file : spool.segments()) {
            if (DecisionSpool.number(file) < segment) {
                Files.deleteIfExists(file);
            }
        }
    }

    public long corruptSegments() {
        return corruptSegments;
    }
}
