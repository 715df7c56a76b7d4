package dev.warden.gateway.fake;

import static java.util.stream.Collectors.joining;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.fake.FakeProvider.Format;
import java.util.Arrays;
import java.util.List;

/** Reads answers the way each provider's clients do, for the fake's tests. */
final class WireReading {

    /** One server-sent event as a client parses it; {@code name} is null when the event has none. */
    record Event(String name, String data) {

        JsonNode json() {
            return FakeProvider.parse(data);
        }
    }

    private WireReading() {
    }

    /** Splits an event stream on blank lines, whether its lines end in LF or CRLF. */
    static List<Event> events(String stream) {
        return Arrays.stream(stream.replace("\r\n", "\n").split("\n\n")).filter(block -> !block.isBlank())
                .map(WireReading::event).toList();
    }

    static Event event(String block) {
        String name = null;
        var data = new StringBuilder();
        for (var line : block.replace("\r\n", "\n").strip().split("\n")) {
            if (line.startsWith("event: ")) {
                name = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                data.append(line.substring("data: ".length()));
            }
        }
        return new Event(name, data.toString());
    }

    /** The text of a whole answer. */
    static String text(Format format, JsonNode answer) {
        return switch (format) {
            case OPENAI, AZURE_OPENAI -> answer.path("choices").path(0).path("message").path("content").asText();
            case ANTHROPIC -> answer.path("content").path(0).path("text").asText();
            case GEMINI -> answer.path("candidates").path(0).path("content").path("parts").path(0).path("text").asText();
        };
    }

    /** The text a stream carries, in order, ignoring events that are not JSON. */
    static String text(Format format, List<Event> events) {
        return events.stream().filter(event -> event.data().startsWith("{") && isJson(event.data()))
                .map(event -> piece(format, event.json())).collect(joining());
    }

    /** Whether a stream ended as the format says a complete answer ends. */
    static boolean hasEndMarker(Format format, List<Event> events) {
        return switch (format) {
            case OPENAI, AZURE_OPENAI -> events.stream().anyMatch(event -> event.data().equals("[DONE]"));
            case ANTHROPIC -> events.stream().anyMatch(event -> "message_stop".equals(event.name()));
            case GEMINI -> events.stream().filter(event -> isJson(event.data()))
                    .anyMatch(event -> event.json().path("candidates").path(0).has("finishReason"));
        };
    }

    static boolean isJson(String text) {
        try {
            FakeProvider.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String piece(Format format, JsonNode event) {
        return switch (format) {
            case OPENAI, AZURE_OPENAI -> event.path("choices").path(0).path("delta").path("content").asText("");
            case ANTHROPIC -> event.path("delta").path("text").asText("");
            case GEMINI -> event.path("candidates").path(0).path("content").path("parts").path(0).path("text").asText("");
        };
    }
}
