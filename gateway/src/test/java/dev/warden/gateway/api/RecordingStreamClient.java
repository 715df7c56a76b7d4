package dev.warden.gateway.api;

import dev.warden.gateway.exchange.ClientResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A client's response that records each send, and may be backlogged or gone. */
final class RecordingStreamClient implements ClientResponse {

    final List<String> sends = new ArrayList<>();
    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    boolean backlogged;
    boolean gone;
    /** Whether the next flush sends, then finds the connection closed and runs the watch, without failing itself. */
    boolean closesOnFlush;
    boolean watching;
    Runnable closed;
    Runnable drained;

    String text() {
        return String.join("", sends) + pending.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void status(int status) {
    }

    @Override
    public void header(String name, String value) {
        headers.put(name, value);
    }

    @Override
    public void contentType(String type) {
        headers.put("Content-Type", type);
    }

    @Override
    public void contentLength(int length) {
    }

    @Override
    public boolean committed() {
        return !sends.isEmpty();
    }

    @Override
    public void resetBuffer() {
        pending.reset();
    }

    @Override
    public OutputStream body() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (gone) {
                    throw new IOException("Broken pipe");
                }
                pending.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                if (gone) {
                    throw new IOException("Broken pipe");
                }
                if (pending.size() > 0) {
                    sends.add(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                }
                if (closesOnFlush) {
                    closesOnFlush = false;
                    gone = true;
                    closed.run();
                }
            }
        };
    }

    @Override
    public boolean isClientGone(Throwable failure) {
        return true;
    }

    @Override
    public Runnable whenGone(Runnable gone) {
        closed = gone;
        watching = true;
        return () -> watching = false;
    }

    @Override
    public boolean backlogged(Runnable drained) {
        this.drained = drained;
        return backlogged;
    }
}
