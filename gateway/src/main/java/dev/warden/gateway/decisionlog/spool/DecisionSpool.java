package dev.warden.gateway.decisionlog.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * An append-only, checksummed local log of decision records, in numbered segment files. Records
 * are appended here before they are shipped, so a record survives the database being down and
 * the process being killed. Syncs to disk are grouped: one {@code fsync} makes every record
 * appended before it durable, however many requests wait on it.
 */
public final class DecisionSpool implements AutoCloseable {

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private final Path directory;
    private final long segmentBytes;
    private final Object appendLock = new Object();
    private final Object syncLock = new Object();
    private final SegmentSync disk;
    private FileChannel segment;
    /**
     * Segments rolled over and not synced yet, oldest first (guarded by {@code appendLock}): the
     * next sync forces and closes them before the segment appended to now. An append never waits
     * for the disk itself, so one made on an event loop does not stall the loop at a rollover.
     */
    private final List<Rolled> rolled = new ArrayList<>();
    /**
     * The active segment's size, kept here rather than asked of the file system: every append
     * needs it, and asking is a system call made while holding the append lock.
     */
    private long segmentSize;
    private long segmentNumber;
    /** Set once by {@link #close}; appends then fail rather than open the segment again. */
    private boolean closed;
    private long appended;
    private volatile long durable;
    /**
     * Records whose appender goes on without waiting for the disk ({@link #whenDurable}), in no
     * particular order: each is completed by the first sync that covers its mark, or by its own
     * registration if one already has. Guarded by itself.
     */
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(long mark, CompletableFuture<Void> done) {
    }

    /** A segment rolled over: its channel, and its file, through which it is forced if an interrupt closed the channel. */
    private record Rolled(Path file, FileChannel channel) {
    }

    public DecisionSpool(Path directory, long segmentBytes) {
        this(directory, segmentBytes, SegmentSync.FSYNC);
    }

    public DecisionSpool(Path directory, long segmentBytes, SegmentSync disk) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.disk = disk;
        try {
            Files.createDirectories(directory);
            segmentNumber = segments().stream().mapToLong(DecisionSpool::number).max().orElse(0) + 1;
            openSegment();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the decision spool in " + directory, e);
        }
    }

    /** Bytes a buffer given to {@link #appendFramed} keeps free before its payload. */
    public static final int FRAME_HEADER = Frames.HEADER;

    /** Appends a record; returns a mark to wait on with {@link #awaitDurable}. */
    public long append(byte[] payload) throws IOException {
        return write(Frames.encode(payload));
    }

    /**
     * Appends the record at {@code buffer[FRAME_HEADER, FRAME_HEADER + length)}, writing the
     * frame's header into the free bytes before it: the record is not copied on its way.
     */
    public long appendFramed(byte[] buffer, int length) throws IOException {
        return write(Frames.frame(buffer, length));
    }

    /*
     * A FileChannel closes for every thread once one writing to or forcing it is interrupted, and
     * would then fail every later append until restart. An appender that carries an interrupt flag
     * (restored after a wait it cut short) has it held back for the write and set again after it; a
     * write an interrupt cuts short anyway (its own, or a sync's during a force) has its frame taken
     * off and written again on the segment opened anew; and a segment an interrupted sync closed
     * between appends is opened again by the next one.
     */
    private long write(ByteBuffer frame) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            synchronized (appendLock) {
                if (closed) {
                    throw new ClosedChannelException();
                }
                if (!segment.isOpen()) {
                    reopenSegment();
                }
                if (segmentSize + frame.remaining() > segmentBytes && segmentSize > 0) {
                    rolled.add(new Rolled(segmentFile(directory, segmentNumber), segment));
                    segmentNumber++;
                    openSegment();
                }
                long start = segmentSize;
                int from = frame.position();
                boolean written = false;
                try {
                    try {
                        writeFully(frame);
                    } catch (ClosedChannelException e) {
                        // This thread was interrupted during the write, or a sync's thread during its force.
                        interrupted |= e instanceof ClosedByInterruptException;
                        Thread.interrupted();
                        segmentSize = start;
                        reopenSegment();
                        frame.position(from);
                        writeFully(frame);
                    }
                    written = true;
                } finally {
                    if (!written) {
                        // Failed: the size stays that of the frames written whole, which the next append
                        // (reopening the segment if it was closed) cuts the file back to.
                        segmentSize = start;
                    }
                }
                return ++appended;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeFully(ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            segmentSize += segment.write(frame);
        }
    }

    /**
     * A future that completes once every record up to {@code mark} is on disk, or completes
     * exceptionally if the sync that should have put it there failed. Nothing here syncs: the
     * caller makes sure a sync follows ({@link #sync}, {@link #awaitDurable}), so that an event
     * loop can hand the wait to the thread that syncs instead of blocking on it.
     */
    public CompletableFuture<Void> whenDurable(long mark) {
        if (durable >= mark) {
            return CompletableFuture.completedFuture(null);
        }
        var done = new CompletableFuture<Void>();
        synchronized (waiters) {
            waiters.add(new Waiter(mark, done));
        }
        // A sync that finished between the check above and the registration did not see this waiter.
        long now = durable;
        if (now >= mark) {
            release(now, null);
        }
        return done;
    }

    /**
     * Returns once every record up to {@code mark} is on disk. As for an append (see {@link #write}),
     * a caller's interrupt flag is held back while it syncs and set again after: a force on an
     * interrupted thread would fail, and close the segment under every appender.
     */
    public void awaitDurable(long mark) throws IOException {
        if (durable >= mark) {
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            syncTo(mark);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void syncTo(long mark) throws IOException {
        long target;
        synchronized (syncLock) {
            if (durable >= mark) {
                return;
            }
            FileChannel channel;
            Path file;
            List<Rolled> older;
            synchronized (appendLock) {
                target = appended;
                channel = segment;
                file = segmentFile(directory, segmentNumber);
                older = rolled.isEmpty() ? List.of() : List.copyOf(rolled);
            }
            try {
                // A rolled segment leaves the list only once forced and closed: one a failed sync did not
                // reach is forced by the next, not left unsynced with its file open.
                for (var old : older) {
                    force(old.file(), old.channel());
                    old.channel().close();
                    synchronized (appendLock) {
                        rolled.remove(old);
                    }
                }
                // If the segment rolls over meanwhile, it is forced here and again, then closed, by the next sync.
                force(file, channel);
            } catch (IOException e) {
                release(target, e);
                throw e;
            }
            durable = target;
        }
        // Outside the lock: the waiters' continuations must not hold up the next sync.
        release(target, null);
    }

    /**
     * Forces a segment through its channel or, once an interrupt closed that (see {@link #write}),
     * through one opened on its file for the purpose: a sync covers the file, whichever channel
     * wrote it.
     */
    private void force(Path file, FileChannel channel) throws IOException {
        if (channel.isOpen()) {
            try {
                disk.force(channel);
                return;
            } catch (ClosedByInterruptException e) {
                throw e;
            } catch (ClosedChannelException e) {
                // Closed by another thread's interrupt meanwhile: forced through the file below.
            }
        }
        try (var reopened = FileChannel.open(file, StandardOpenOption.WRITE)) {
            disk.force(reopened);
        } catch (NoSuchFileException e) {
            // Shipped and removed already: there is nothing left to lose.
        }
    }

    /**
     * Completes the waiters up to {@code mark}: normally once their records are on disk, or with
     * the failure of the sync that should have put them there. Their continuations run after the
     * lock is let go.
     */
    private void release(long mark, IOException failure) {
        List<Waiter> due;
        synchronized (waiters) {
            if (waiters.isEmpty()) {
                return;
            }
            due = new ArrayList<>();
            waiters.removeIf(waiter -> waiter.mark() <= mark && due.add(waiter));
        }
        for (var waiter : due) {
            if (failure == null) {
                waiter.done().complete(null);
            } else {
                waiter.done().completeExceptionally(failure);
            }
        }
    }

    /** Syncs everything appended so far. */
    public void sync() throws IOException {
        long mark;
        synchronized (appendLock) {
            mark = appended;
        }
        awaitDurable(mark);
    }

    /** The number of the segment being appended to; older segments are complete. */
    public long activeSegment() {
        synchronized (appendLock) {
            return segmentNumber;
        }
    }

    public Path directory() {
        return directory;
    }

    /** Segment files, oldest first. */
    public List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith(PREFIX) && file.getFileName().toString().endsWith(SUFFIX))
                    .sorted((a, b) -> Long.compare(number(a), number(b))).toList();
        }
    }

    public long bytes() {
        try {
            long total = 0;
            for (var file : segments()) {
                total += Files.size(file);
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }

    static long number(Path segment) {
        var name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    static Path segmentFile(Path directory, long number) {
        return directory.resolve(PREFIX + String.format("%012d", number) + SUFFIX);
    }

    /**
     * Opens the active segment again after it was closed under the appenders, cut back to the
     * frames written whole: one an interrupt cut short comes off, to be written again.
     */
    private void reopenSegment() throws IOException {
        var reopened = FileChannel.open(segmentFile(directory, segmentNumber), StandardOpenOption.WRITE);
        try {
            reopened.truncate(segmentSize);
            reopened.position(segmentSize);
        } catch (IOException e) {
            reopened.close();
            throw e;
        }
        segment = reopened;
    }

    private void openSegment() throws IOException {
        segment = FileChannel.open(segmentFile(directory, segmentNumber), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        segmentSize = segment.size();
    }

    /**
     * Forces and closes every segment; appends then fail. As a sync, it holds back the caller's
     * interrupt flag while it forces, and it waits for a sync in progress, so that the mark of what
     * is durable never goes back.
     */
    @Override
    public void close() throws IOException {
        boolean interrupted = Thread.interrupted();
        long last;
        try {
            synchronized (syncLock) {
                synchronized (appendLock) {
                    closed = true;
                    last = appended;
                    try {
                        for (var old : rolled) {
                            force(old.file(), old.channel());
                            old.channel().close();
                        }
                        rolled.clear();
                        force(segmentFile(directory, segmentNumber), segment);
                        segment.close();
                    } catch (IOException e) {
                        release(last, e);
                        throw e;
                    }
                }
                durable = last;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        release(last, null);
    }
}
