package dev.warden.gateway.provider;

import java.util.List;

/**
 * One server-sent event: its name ({@code event:}), its data ({@code data:} lines joined by
 * newlines), and its raw lines, so that an event can be relayed byte for byte.
 */
public record SseEvent(String event, String data, List<byte[]> lines) {
}
