package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Golden JSON and server-sent events for translation tests, compared by meaning rather than by bytes. */
public final class GoldenJson {

    /** Configured as the gateway reads bodies, so numbers keep the digits they were written with. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private GoldenJson() {
    }

    /** One server-sent event as written on the wire. */
    public record Event(String event, String data) {

        public JsonNode json() {
            return normalise(tree(data));
        }
    }

    public static ObjectNode json(String text) {
        return (ObjectNode) tree(text);
    }

    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a golden file is not JSON: " + text, e);
        }
    }

    /**
     * Asserts that two trees mean the same, whatever the order of their keys or the Java types
     * of their numbers; when they do not, shows both pretty-printed so the difference is visible.
     */
    public static void assertJson(JsonNode actual, String expected) {
        var got = normalise(actual);
        var want = tree(expected);
        if (!got.equals(want)) {
            assertThat(got.toPrettyString()).isEqualTo(want.toPrettyString());
        }
    }

    /** Reads a stream as written on the wire: {@code event:} and {@code data:} lines, events separated by blank lines. */
    public static List<Event> sse(String text) {
        var events = new ArrayList<Event>();
        String name = null;
        for (var line : (text + "\n\n").split("\n")) {
            if (line.startsWith("event:")) {
                name = line.substring("event:".length()).strip();
            } else if (line.startsWith("data:")) {
                events.add(new Event(name, line.substring("data:".length()).strip()));
                name = null;
            }
        }
        return events;
    }

    /** Asserts that events have the expected names, in order, and data that means the same. */
    public static void assertEvents(List<Event> actual, String expectedSse) {
        var got = actual.stream().map(e -> Map.entry(String.valueOf(e.event()), e.json())).toList();
        var want = sse(expectedSse).stream().map(e -> Map.entry(String.valueOf(e.event()), e.json())).toList();
        if (!got.equals(want)) {
            assertThat(render(got)).isEqualTo(render(want));
        }
    }

    private static String render(List<Map.Entry<String, JsonNode>> events) {
        return events.stream().map(e -> "event: " + e.getKey() + "\ndata: " + e.getValue()).collect(Collectors.joining("\n\n"));
    }

    public static JsonNode normalise(JsonNode node) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
