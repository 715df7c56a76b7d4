package dev.warden.gateway.exchange;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response to a {@link ClientRequest}, as Warden's request path writes it. Status and headers
 * are set first; they leave with the body's first bytes, so until then an error may still replace
 * the whole response.
 */
public interface ClientResponse {

    void status(int status);

    /** Sets the header, replacing any value it had. */
    void header(String name, String value);

    void contentType(String type);

    void contentLength(int length);

    /** Whether the status and headers have left: from then on only the body can still be written. */
    boolean committed();

    /** Drops body bytes written and not yet sent, so that an error can take their place. */
    void resetBuffer();

    /**
     * The body. What is written is sent by {@code flush} (or when the server's buffer fills), and
     * {@code close} ends the response; a client gone surfaces as an {@link IOException} from either.
     */
    OutputStream body() throws IOException;

    /**
     * Whether the failure says the client went away before its response was all written: a
     * {@link ClientGone}, or this server's own word for it.
     */
    default boolean isClientGone(Throwable failure) {
        return failure instanceof ClientGone;
    }

    /**
     * For a response written by the event loop its connection belongs to, which never waits for
     * the client: whether what was sent is more than the client has taken so far, in which case
     * {@code drained} runs on that loop once it has all left (or the connection has failed), and
     * the writer should send nothing more until then. A response whose writes wait for the client
     * themselves is never backlogged.
     */
    default boolean backlogged(Runnable drained) {
        return false;
    }

    /**
     * For a response written by the event loop its connection belongs to: runs {@code gone} on
     * that loop as soon as the client's connection closes, so that a writer waiting for its
     * upstream (a stream the upstream is silent in) learns of it without a write. Returns what
     * stops the watch; a response whose writes are its only news of the client watches nothing.
     */
    default Runnable whenGone(Runnable gone) {
        return () -> { };
    }
}
