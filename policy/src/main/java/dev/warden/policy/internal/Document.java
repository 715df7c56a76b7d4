package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One YAML document of a policy file, with the position of every field in it, keyed by path
 * ({@code spec.targets[0].provider}; a key's own position under {@code path#key}).
 */
public record Document(String source, Position start, JsonNode node, Map<String, Position> positions) {

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    public JsonNode spec() {
        return node.path("spec");
    }

    /** Where a path stands, or its nearest enclosing path, or the document's start. */
    public Position positionOf(String path) {
        var candidate = path;
        while (!candidate.isEmpty()) {
            var position = positions.get(candidate);
            if (position != null) {
                return position;
            }
            int cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
            candidate = cut < 0 ? "" : candidate.substring(0, cut);
        }
        return start;
    }
}
