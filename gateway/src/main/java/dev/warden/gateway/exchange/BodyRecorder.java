package dev.warden.gateway.exchange;

import dev.warden.policy.Redactor;
import java.nio.charset.StandardCharsets;

/**
 * Collects a response's text for its decision record, as a policy's record rule asked: masked by
 * the bundle's redaction and cut at the rule's size, so that a record never grows without bound.
 */
public final class BodyRecorder {

    private final Redactor redactor;
    private final int maxBytes;
    private final StringBuilder response = new StringBuilder();
    private int bytes;

    public BodyRecorder(Redactor redactor, int maxBytes) {
        this.redactor = redactor;
        this.maxBytes = maxBytes;
    }

    /** Adds text of the response (a whole body, or a streamed piece). */
    public synchronized void append(String text) {
        if (text == null || bytes >= maxBytes) {
            return;
        }
        response.append(text);
        bytes += text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Read under the lock {@link #append} takes, as a stop may read it from another thread ({@link Exchanges#cutOff}). */
    String response() {
        String text;
        synchronized (this) {
            text = response.isEmpty() ? null : response.toString();
        }
        return text == null ? null : cut(text);
    }

    /** Masks the text and cuts it to at most {@code maxBytes} bytes of UTF-8, on a character boundary. */
    String cut(String text) {
        var masked = redactor.redact(text).text();
        var encoded = masked.getBytes(StandardCharsets.UTF_8);
        if (encoded.length <= maxBytes) {
            return masked;
        }
        int end = maxBytes;
        while (end > 0 && (encoded[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(encoded, 0, end, StandardCharsets.UTF_8);
    }
}
