package dev.warden.gateway.fake;

import dev.warden.gateway.fake.FakeProvider.Format;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request as each provider's own clients send it, for the fake's tests. */
record ProviderCall(String method, String target, Map<String, String> headers, String body) {

    private static final String USER = "{\"role\":\"user\",\"content\":\"Hi\"}";

    static ProviderCall chat(Format format, String model, boolean stream, boolean tools) {
        return switch (format) {
            case OPENAI -> json("/v1/chat/completions", Map.of("Authorization", "Bearer sk-test"),
                    openAiBody(",\"model\":\"" + model + "\"", stream, tools));
            case AZURE_OPENAI -> json("/openai/deployments/" + model + "/chat/completions?api-version=2024-10-21",
                    Map.of("api-key", "azure-test"), openAiBody("", stream, tools));
            case ANTHROPIC -> json("/v1/messages", Map.of("x-api-key", "sk-ant-test", "anthropic-version", "2023-06-01"),
                    "{\"model\":\"" + model + "\",\"max_tokens\":64,\"messages\":[" + USER + "]"
                            + (stream ? ",\"stream\":true" : "")
                            + (tools ? ",\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]" : "")
                            + "}");
            case GEMINI -> json("/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent"),
                    Map.of("x-goog-api-key", "gemini-test"),
                    "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]"
                            + (tools ? ",\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\"}]}]" : "") + "}");
        };
    }

    static ProviderCall embeddings(Format format, String model, int inputs, boolean base64) {
        var input = inputs == 1 ? "\"one\"" : "[" + "\"text\",".repeat(inputs - 1) + "\"text\"]";
        var body = "{\"input\":" + input + (base64 ? ",\"encoding_format\":\"base64\"" : "");
        return format == Format.AZURE_OPENAI
                ? json("/openai/deployments/" + model + "/embeddings?api-version=2024-10-21", Map.of("api-key", "azure-test"),
                        body + "}")
                : json("/v1/embeddings", Map.of("Authorization", "Bearer sk-test"), body + ",\"model\":\"" + model + "\"}");
    }

    ProviderCall without(String header) {
        var remaining = new LinkedHashMap<>(headers);
        remaining.remove(header);
        return new ProviderCall(method, target, remaining, body);
    }

    ProviderCall withTarget(String otherTarget) {
        return new ProviderCall(method, otherTarget, headers, body);
    }

    HttpRequest toRequest(FakeProvider fake) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fake.port() + target))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return request.build();
    }

    /** The request as bytes on the wire, for the raw socket client. */
    String raw(String... extraHeaderLines) {
        var raw = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((name, value) -> raw.append(name).append(": ").append(value).append("\r\n"));
        for (var line : extraHeaderLines) {
            raw.append(line).append("\r\n");
        }
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body).toString();
    }

    private static String openAiBody(String model, boolean stream, boolean tools) {
        return "{\"messages\":[" + USER + "]" + model
                + (stream ? ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" : "")
                + (tools ? ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]" : "") + "}";
    }

    private static ProviderCall json(String target, Map<String, String> auth, String body) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.putAll(auth);
        return new ProviderCall("POST", target, headers, body);
    }
}
