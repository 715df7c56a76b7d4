package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Labels a client attaches to a request, for policies and the decision record: the
 * {@code x-warden-labels: key=value,key2=value2} header and the OpenAI {@code metadata} object
 * (the header wins on a clash). Bounded in number and size; a malformed label is refused with a
 * 400 naming where it came from, rather than dropped.
 */
public final class ClientLabels {

    public static final String HEADER = "x-warden-labels";
    static final int MAX_LABELS = 32;
    static final int MAX_VALUE = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");

    private ClientLabels() {
    }

    public static Map<String, String> of(String header, JsonNode metadata) {
        var labels = new LinkedHashMap<String, String>();
        if (metadata != null && metadata.isObject()) {
            metadata.fields().forEachRemaining(entry -> {
                if (!entry.getValue().isTextual()) {
                    throw GatewayException.badRequest("metadata", "metadata values must be strings; '" + entry.getKey() + "' is not.");
                }
                put(labels, entry.getKey(), entry.getValue().asText(), "metadata");
            });
        }
        if (header != null && !header.isBlank()) {
            for (var pair : header.split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw GatewayException.badRequest(HEADER, "Each label in the " + HEADER + " header must be key=value; got '"
                            + abbreviate(pair.strip()) + "'.");
                }
                put(labels, pair.substring(0, equals).strip(), pair.substring(equals + 1).strip(), HEADER);
            }
        }
        return labels;
    }

    private static void put(Map<String, String> labels, String key, String value, String from) {
        if (!KEY.matcher(key).matches()) {
            throw GatewayException.badRequest(from, "Label name '" + abbreviate(key)
                    + "' must be 1 to 64 letters, digits and . _ / - characters.");
        }
        if (value.length() > MAX_VALUE) {
            throw GatewayException.badRequest(from, "Label '" + key + "' is longer than " + MAX_VALUE + " characters.");
        }
        labels.put(key, value);
        if (labels.size() > MAX_LABELS) {
            throw GatewayException.badRequest(from, "A request may carry at most " + MAX_LABELS + " labels.");
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
