package dev.warden.gateway.routing;

import dev.warden.gateway.GatewayTestSupport;
import dev.warden.gateway.fake.FakeProvider;
import dev.warden.gateway.fake.Faults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A gateway in front of a fake of every provider type, with a route per provider and fault
 * ({@code openai-fault-429}, {@code gemini-fault-stall}, ...) that calls each target once, and
 * routes for retries, circuit breaking and fallback.
 */
abstract class FaultTestSupport extends GatewayTestSupport {

    static final Map<FakeProvider.Format, FakeProvider> FAKES = new EnumMap<>(FakeProvider.Format.class);
    static final Map<String, FakeProvider.Format> PROVIDERS = Map.of("openai", FakeProvider.Format.OPENAI,
            "compatible", FakeProvider.Format.OPENAI, "azure", FakeProvider.Format.AZURE_OPENAI,
            "gemini", FakeProvider.Format.GEMINI, "anthropic", FakeProvider.Format.ANTHROPIC);
    static final String TYPES = "openai:openai,compatible:openai-compatible,azure:azure-openai,gemini:gemini,anthropic:anthropic";
    static final String OK = "gpt-ok";
    static final Path POLICIES = policies();

    @DynamicPropertySource
    static void faultProperties(DynamicPropertyRegistry registry) {
        register(registry, POLICIES, temporaryDirectory("warden-it-faults-data"), "warden_it_faults");
        registry.add("FAULT_UPSTREAM_KEY", () -> "sk-fault-upstream");
    }

    static FakeProvider fake(String provider) {
        return FAKES.get(PROVIDERS.get(provider));
    }

    private static Path policies() {
        for (var format : FakeProvider.Format.values()) {
            FAKES.put(format, FakeProvider.start(format));
        }
        var documents = new ArrayList<String>();
        for (var entry : TYPES.split(",")) {
            var name = entry.split(":")[0];
            var type = entry.split(":")[1];
            documents.add(provider(name, type, fake(name).baseUrl(), name.equals("compatible") ? "local" : "frontier", ""));
            for (var fault : Faults.ALL) {
                documents.add(route(name + "-" + fault, List.of(name + ":" + fault), "{attempts: 1}"));
            }
            documents.add(route(name + "-ok", List.of(name + ":" + OK), "{attempts: 1}"));
            documents.add(route(name + "-flaky", List.of(name + ":" + Faults.flaky(2)), "{attempts: 3, backoff: 10ms}"));
        }
        documents.add(provider("dead", "openai-compatible", "http://127.0.0.1:" + closedPort() + "/v1", "local", ""));
        documents.add(provider("breaker", "openai", fake("openai").baseUrl(), "frontier",
                "circuitBreaker: {failureRate: 50, window: 4, minimumCalls: 2, openFor: 60s}"));
        documents.add(route("dead-route", List.of("dead:anything"), "{attempts: 1}"));
        documents.add(route("breaker-route", List.of("breaker:" + Faults.SERVER_ERROR, "compatible:" + OK), "{attempts: 1}"));
        // Its breaker half-opens 1 s after opening; requests Gemini cannot take must leave its trial calls alone.
        documents.add(provider("trial", "gemini", fake("gemini").baseUrl(), "frontier",
                "circuitBreaker: {failureRate: 50, window: 2, minimumCalls: 2, openFor: 1s}"));
        documents.add(route("trial-route", List.of("trial:" + Faults.SERVER_ERROR), "{attempts: 1}"));
        documents.add(route("frontier-down", List.of("openai:" + Faults.UNAVAILABLE, "compatible:" + OK), "{attempts: 1}"));
        documents.add(route("slow-stream-or-local", List.of("openai:" + Faults.SLOW_FIRST_BYTE, "compatible:" + OK), "{attempts: 1}"));
        documents.add(route("gated-openai", List.of("openai:" + Faults.GATED), "{attempts: 1}"));
        documents.add(route("gated-gemini", List.of("gemini:" + Faults.GATED), "{attempts: 1}"));
        // One connection: a gated stream holds it, for as long as the test keeps the gate shut.
        documents.add("""
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: narrow}
                spec:
                  type: openai
                  baseUrl: "%s"
                  apiKey: ${env:FAULT_UPSTREAM_KEY}
                  timeouts: {connect: 300ms, read: 10s, firstToken: 10s, total: 20s}
                  maxConnections: 1
                """.formatted(fake("openai").baseUrl()));
        documents.add(route("narrow-gated", List.of("narrow:" + Faults.GATED), "{attempts: 1}"));
        documents.add(route("narrow-or-local", List.of("narrow:" + OK, "compatible:" + OK), "{attempts: 1}"));
        try {
            var directory = Files.createTempDirectory("warden-it-fault-policies");
            Files.writeString(directory.resolve("faults.yaml"), String.join("---\n", documents));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String provider(String name, String type, String baseUrl, String locality, String extra) {
        return """
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: %s}
                spec:
                  type: %s
                  baseUrl: "%s"
                  apiKey: ${env:FAULT_UPSTREAM_KEY}
                  locality: %s
                  timeouts: {connect: 1s, read: 1s, firstToken: 1s, total: 8s}
                  %s
                """.formatted(name, type, baseUrl, locality, extra);
    }

    private static String route(String name, List<String> targets, String retry) {
        var list = new StringBuilder();
        for (var target : targets) {
            list.append("    - {provider: ").append(target.split(":")[0]).append(", model: ").append(target.split(":", 2)[1]).append("}\n");
        }
        return "apiVersion: warden/v1\nkind: Route\nmetadata: {name: " + name + "}\nspec:\n  retry: " + retry + "\n  targets:\n" + list;
    }

    private static int closedPort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
