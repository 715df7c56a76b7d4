package dev.warden.gateway.provider;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * A stream's events as its bytes come, for a stream read on the event loop ({@link LoopUpstream}):
 * the bytes are pushed in as the loop reads them, whole events queue, and the reader is told
 * each time something changed, takes what is queued ({@link #poll}), and may hold the upstream
 * back while its own client is slow ({@link #pause}). Lines and events are read as
 * {@link SseLines} and {@link SseEvents} read them from a stream they pull.
 *
 * <p>All of it runs on the stream's loop, but {@link #attached}, which runs where the call is sent.
 */
public final class SseFeed implements LoopUpstream.Receiver {

    private static final int MAX_LINE = 4 * 1024 * 1024;
    private static final byte[] EMPTY = {};

    private final SseEventBuilder builder = new SseEventBuilder();
    private final ArrayDeque<SseEvent> ready = new ArrayDeque<>();
    /** A line begun in one read and not ended yet. */
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream(256);
    private LoopUpstream.Flow flow;
    private Runnable listener = () -> { };
    private boolean ended;
    private IOException failure;

    @Override
    public void attached(LoopUpstream.Flow flow) {
        this.flow = flow;
    }

    @Override
    public void bytes(ByteBuf content) {
        if (failure != null || ended) {
            return;
        }
        try {
            split(content);
        } catch (IOException tooLong) {
            failure = tooLong;
            flow.cancel();
        }
        listener.run();
    }

    @Override
    public void end() {
        if (failure != null || ended) {
            return;
        }
        try {
            if (partial.size() > 0) {
                // a last line without its ending counts, as SseLines reads it
                offer(builder.line(withoutCarriageReturn(partial.toByteArray())));
                partial.reset();
            }
            offer(builder.take());
            ended = true;
        } catch (IOException tooLong) {
            failure = tooLong;
        }
        listener.run();
    }

    @Override
    public void broken(IOException cause) {
        if (failure != null || ended) {
            return;
        }
        failure = cause;
        listener.run();
    }

    /** Whom to tell when an event is queued, or the stream ended or failed; replaces the one before. */
    public void listen(Runnable listener) {
        this.listener = listener;
    }

    /** The next whole event, or null when none is queued (then {@link #ended} or {@link #failure} may say why). */
    public SseEvent poll() {
        return ready.poll();
    }

    /** Whether the stream ended as HTTP ends a body; its last events may still be queued. */
    public boolean ended() {
        return ended;
    }

    /** Why the stream broke off, or null; its events before that may still be queued. */
    public IOException failure() {
        return failure;
    }

    /** Stops reading the upstream, which then waits in its socket, until {@link #resume}. */
    public void pause() {
        flow.pause();
    }

    public void resume() {
        flow.resume();
    }

    /** Drops the stream and its connection (its reader is gone); the feed then reports the break. */
    public void cancel() {
        flow.cancel();
    }

    private void split(ByteBuf content) throws IOException {
        int from = content.readerIndex();
        int to = content.writerIndex();
        while (from < to) {
            int newline = content.indexOf(from, to, (byte) '\n');
            if (newline < 0) {
                keep(content, from, to - from);
                return;
            }
            byte[] line;
            if (partial.size() == 0) {
                int end = newline > from && content.getByte(newline - 1) == '\r' ? newline - 1 : newline;
                line = end == from ? EMPTY : new byte[end - from];
                content.getBytes(from, line);
            } else {
                keep(content, from, newline - from);
                line = withoutCarriageReturn(partial.toByteArray());
                partial.reset();
            }
            offer(builder.line(line));
            from = newline + 1;
        }
    }

    private void keep(ByteBuf content, int from, int length) throws IOException {
        if (partial.size() + (long) length > MAX_LINE) {
            throw new IOException("an event line is longer than " + MAX_LINE + " bytes");
        }
        content.getBytes(from, partial, length);
    }

    private void offer(SseEvent event) {
        if (event != null) {
            ready.add(event);
        }
    }

    private static byte[] withoutCarriageReturn(byte[] bytes) {
        return bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? Arrays.copyOf(bytes, bytes.length - 1) : bytes;
    }
}
