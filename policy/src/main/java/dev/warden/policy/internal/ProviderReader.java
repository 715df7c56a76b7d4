package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.policy.Locality;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.SecretRef;
import dev.warden.policy.Timeouts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a {@code kind: Provider} document. */
final class ProviderReader {

    private static final Set<String> FIELDS = Set.of("type", "baseUrl", "apiKey", "locality", "timeouts");
    private static final Set<String> TIMEOUT_FIELDS = Set.of("connect", "read");

    private ProviderReader() {
    }

    static Optional<ProviderSpec> read(Document document, Problems problems) {
        var reader = new SpecReader(document, problems);
        var spec = document.spec();
        reader.allowOnly(spec, "", FIELDS);
        var type = reader.requiredText(spec, "type").flatMap(name -> type(reader, name));
        var baseUrl = reader.requiredText(spec, "baseUrl").flatMap(url -> baseUrl(reader, url));
        var apiKey = reader.text(spec, "apiKey").flatMap(text -> apiKey(reader, text));
        var locality = reader.text(spec, "locality").map(text -> locality(reader, text));
        var timeouts = timeouts(reader, spec.path("timeouts"));
        if (type.isEmpty() || baseUrl.isEmpty()) {
            return Optional.empty();
        }
        var resolvedLocality = locality.flatMap(l -> l).orElse(defaultLocality(type.get()));
        return Optional.of(new ProviderSpec(document.name(), type.get(), baseUrl.get(), apiKey, resolvedLocality, timeouts));
    }

    private static Optional<ProviderType> type(SpecReader reader, String name) {
        var type = ProviderType.fromWireName(name);
        if (type.isEmpty()) {
            reader.problem("unknown type '" + name + "' (expected one of "
                    + Arrays.stream(ProviderType.values()).map(ProviderType::wireName).collect(Collectors.joining(", ")) + ")");
        }
        return type;
    }

    private static Optional<URI> baseUrl(SpecReader reader, String text) {
        try {
            var uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below, with the expected form
        }
        reader.problem("'baseUrl' must be an absolute http or https URL, got '" + text + "'");
        return Optional.empty();
    }

    private static Optional<SecretRef> apiKey(SpecReader reader, String text) {
        var ref = SecretRef.parse(text);
        if (ref.isEmpty()) {
            reader.problem("'apiKey' must be a reference such as ${env:OPENAI_API_KEY}; secrets are never written in policy files");
        }
        return ref;
    }

    private static Optional<Locality> locality(SpecReader reader, String text) {
        try {
            return Optional.of(Locality.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            reader.problem("'locality' must be local or frontier, got '" + text + "'");
            return Optional.empty();
        }
    }

    private static Locality defaultLocality(ProviderType type) {
        return type == ProviderType.ONNX || type == ProviderType.OPENAI_COMPATIBLE ? Locality.LOCAL : Locality.FRONTIER;
    }

    private static Timeouts timeouts(SpecReader reader, JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Timeouts.defaults();
        }
        if (!node.isObject()) {
            reader.problem("'timeouts' must be a mapping with connect and read");
            return Timeouts.defaults();
        }
        reader.allowOnly(node, "timeouts.", TIMEOUT_FIELDS);
        return new Timeouts(duration(reader, node, "connect"), duration(reader, node, "read"));
    }

    private static Duration duration(SpecReader reader, JsonNode node, String field) {
        return reader.text(node, field).map(text -> {
            var duration = Durations.parse(text).filter(d -> !d.isZero());
            if (duration.isEmpty()) {
                reader.problem("'timeouts." + field + "' must be a positive duration such as 500ms, 5s or 2m, got '" + text + "'");
            }
            return duration.orElse(null);
        }).orElse(null);
    }
}
