package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.policy.CircuitBreakerSpec;
import dev.warden.policy.Locality;
import dev.warden.policy.OnnxModelSpec;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.SecretRef;
import dev.warden.policy.Timeouts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a {@code kind: Provider} document. */
final class ProviderReader {

    private static final Set<String> FIELDS = Set.of("type", "baseUrl", "apiKey", "locality", "timeouts", "circuitBreaker",
            "apiVersion", "model", "tokenizer", "maxTokens", "maxConnections");
    private static final Set<String> ONNX_ONLY_FIELDS = Set.of("model", "tokenizer", "maxTokens");
    /** BERT-style encoders have 512 positions. */
    private static final long MAX_ONNX_TOKENS = 512;
    private static final Set<String> TIMEOUT_FIELDS = Set.of("connect", "read", "firstToken", "total");
    private static final Set<String> BREAKER_FIELDS = Set.of("failureRate", "window", "minimumCalls", "openFor");

    private ProviderReader() {
    }

    static Optional<ProviderSpec> read(SpecReader reader) {
        var spec = reader.document().spec();
        reader.allowOnly(spec, "spec", FIELDS);
        var type = reader.requiredText(spec, "spec", "type").flatMap(name -> type(reader, name));
        boolean inProcess = type.filter(t -> t == ProviderType.ONNX).isPresent();
        var baseUrl = inProcess ? inProcessUrl(reader, spec)
                : reader.requiredText(spec, "spec", "baseUrl").flatMap(url -> baseUrl(reader, url));
        var onnx = inProcess ? onnx(reader, spec) : notOnnx(reader, spec);
        var apiKey = reader.text(spec, "spec", "apiKey").flatMap(text -> apiKey(reader, text));
        var locality = reader.text(spec, "spec", "locality").flatMap(text -> locality(reader, text));
        var timeoutsNode = reader.object(spec, "spec", "timeouts");
        reader.allowOnly(timeoutsNode, "spec.timeouts", TIMEOUT_FIELDS);
        var timeouts = new Timeouts(reader.duration(timeoutsNode, "spec.timeouts", "connect").orElse(null),
                reader.duration(timeoutsNode, "spec.timeouts", "read").orElse(null),
                reader.duration(timeoutsNode, "spec.timeouts", "firstToken").orElse(null),
                reader.duration(timeoutsNode, "spec.timeouts", "total").orElse(null));
        var breaker = circuitBreaker(reader, reader.object(spec, "spec", "circuitBreaker"));
        var apiVersion = reader.text(spec, "spec", "apiVersion");
        int maxConnections = maxConnections(reader, spec, inProcess);
        if (type.isEmpty() || baseUrl.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProviderSpec(reader.document().name(), type.get(), baseUrl.get(), apiKey,
                locality.orElse(defaultLocality(type.get())), timeouts, breaker, apiVersion, onnx, maxConnections));
    }

    /** An in-process provider has no server: its URL only names it, in health reports and logs. */
    private static Optional<URI> inProcessUrl(SpecReader reader, JsonNode spec) {
        if (reader.present(spec, "baseUrl")) {
            reader.problem("spec.baseUrl", "an onnx provider runs in-process and takes no 'baseUrl'");
        }
        return Optional.of(URI.create("onnx:" + reader.document().name()));
    }

    private static Optional<OnnxModelSpec> onnx(SpecReader reader, JsonNode spec) {
        var model = reader.text(spec, "spec", "model");
        var tokenizer = reader.text(spec, "spec", "tokenizer");
        if (model.isPresent() != tokenizer.isPresent()) {
            reader.problem("spec", "'model' and 'tokenizer' go together: give both (an ONNX file and its tokenizer.json), "
                    + "or neither for the built-in all-MiniLM-L6-v2");
        }
        long maxTokens = reader.count(spec, "spec", "maxTokens").orElse((long) OnnxModelSpec.DEFAULT_MAX_TOKENS);
        if (maxTokens > MAX_ONNX_TOKENS) {
            reader.problem("spec.maxTokens", "'maxTokens' may be at most " + MAX_ONNX_TOKENS + ", got " + maxTokens);
        }
        return Optional.of(new OnnxModelSpec(model, tokenizer, (int) Math.min(maxTokens, MAX_ONNX_TOKENS)));
    }

    private static Optional<OnnxModelSpec> notOnnx(SpecReader reader, JsonNode spec) {
        ONNX_ONLY_FIELDS.stream().sorted().filter(field -> reader.present(spec, field)).forEach(field ->
                reader.problem("spec." + field, "'" + field + "' applies only to onnx providers"));
        return Optional.empty();
    }

    private static int maxConnections(SpecReader reader, JsonNode spec, boolean inProcess) {
        if (inProcess && reader.present(spec, "maxConnections")) {
            reader.problem("spec.maxConnections", "an onnx provider runs in-process and takes no 'maxConnections'");
        }
        long connections = reader.count(spec, "spec", "maxConnections").orElse((long) ProviderSpec.DEFAULT_MAX_CONNECTIONS);
        if (connections > ProviderSpec.MAX_CONNECTIONS) {
            reader.problem("spec.maxConnections", "'maxConnections' may be at most " + ProviderSpec.MAX_CONNECTIONS + ", got " + connections);
        }
        return (int) Math.min(connections, ProviderSpec.MAX_CONNECTIONS);
    }

    private static CircuitBreakerSpec circuitBreaker(SpecReader reader, JsonNode node) {
        reader.allowOnly(node, "spec.circuitBreaker", BREAKER_FIELDS);
        var defaults = CircuitBreakerSpec.DEFAULT;
        long rate = reader.count(node, "spec.circuitBreaker", "failureRate").orElse((long) defaults.failureRate());
        if (rate > 100) {
            reader.problem("spec.circuitBreaker.failureRate", "'circuitBreaker.failureRate' is a percentage, at most 100");
        }
        return new CircuitBreakerSpec((int) Math.min(rate, 100),
                (int) Math.min(reader.count(node, "spec.circuitBreaker", "window").orElse((long) defaults.window()), 10_000),
                (int) Math.min(reader.count(node, "spec.circuitBreaker", "minimumCalls").orElse((long) defaults.minimumCalls()), 10_000),
                reader.duration(node, "spec.circuitBreaker", "openFor").orElse(defaults.openFor()));
    }

    private static Optional<ProviderType> type(SpecReader reader, String name) {
        var type = ProviderType.fromWireName(name);
        if (type.isEmpty()) {
            reader.problem("spec.type", "unknown type '" + name + "' (expected one of "
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
        reader.problem("spec.baseUrl", "'baseUrl' must be an absolute http or https URL, got '" + text + "'");
        return Optional.empty();
    }

    private static Optional<SecretRef> apiKey(SpecReader reader, String text) {
        var ref = SecretRef.parse(text);
        if (ref.isEmpty()) {
            reader.problem("spec.apiKey", "'apiKey' must be a reference such as ${env:OPENAI_API_KEY}; secrets are never written in policy files");
        }
        return ref;
    }

    private static Optional<Locality> locality(SpecReader reader, String text) {
        try {
            return Optional.of(Locality.valueOf(text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            reader.problem("spec.locality", "'locality' must be local or frontier, got '" + text + "'");
            return Optional.empty();
        }
    }

    private static Locality defaultLocality(ProviderType type) {
        return type == ProviderType.ONNX || type == ProviderType.OPENAI_COMPATIBLE ? Locality.LOCAL : Locality.FRONTIER;
    }
}
