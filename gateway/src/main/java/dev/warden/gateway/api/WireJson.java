package dev.warden.gateway.api;

import dev.warden.gateway.json.JsonSyntax;
import dev.warden.gateway.json.PooledJson;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * JSON as it travels between clients and upstreams. Numbers are kept exactly as written and
 * unknown fields are kept in the tree, so that a request passes through the gateway unchanged
 * apart from what the gateway means to change.
 */
@Component
public class WireJson {

    private final ObjectMapper mapper = PooledJson.mapper()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /**
     * Trees are read through a reader made once: the mapper's {@code readTree} resolves the tree's
     * type in its type factory on every call (about 1% of a request's CPU), a reader does it once.
     */
    private final ObjectReader trees = mapper.reader();

    /** Parses a request body that must be a JSON object, or fails with a 400 saying why. */
    public ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = trees.readTree(body);
        } catch (StreamConstraintsException e) {
            throw GatewayException.badRequest(null, "The request body is too deeply nested or too large to parse: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            throw GatewayException.badRequest(null, "The request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw GatewayException.badRequest(null, "The request body is not valid JSON: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw GatewayException.badRequest(null, "The request body is empty; a JSON object is expected.");
        }
        if (!node.isObject()) {
            throw GatewayException.badRequest(null, "The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    /** Parses an upstream's JSON, or returns null when it is not JSON. */
    public JsonNode parseLenient(byte[] body) {
        try {
            return trees.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    public JsonNode parseLenient(String body) {
        try {
            return trees.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the text is one well-formed JSON object; runs on every event of every relayed stream. */
    public boolean isObject(String text) {
        return JsonSyntax.isObject(text);
    }

    public byte[] write(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree is always serialisable", e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }
}
