package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** One YAML document of a policy file, with where it starts. */
public record Document(String source, int line, JsonNode node) {

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    public JsonNode spec() {
        return node.path("spec");
    }
}
