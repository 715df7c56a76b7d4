package dev.warden.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.fake.FakeProvider.Received;
import dev.warden.gateway.fake.Reply.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Google's Gemini API (generativelanguage v1beta): the model is named in the path,
 * {@code :generateContent} answers a whole {@code GenerateContentResponse} and
 * {@code :streamGenerateContent?alt=sse} streams them as data-only events separated by CRLF, the
 * last one carrying {@code finishReason} and the full {@code usageMetadata}. The API key comes in
 * {@code x-goog-api-key} or the {@code key} query parameter.
 */
final class GeminiResponder implements Responder {

    private static final Pattern PATH = Pattern.compile("/v1beta/models/([^/:]+):(generateContent|streamGenerateContent)");
    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json; charset=UTF-8");
    private static final String UNREGISTERED = "Method doesn't allow unregistered callers (callers without established "
            + "identity). Please use API Key or other form of API consumer identity to call this API.";

    @Override
    public String basePath() {
        return "/v1beta";
    }

    @Override
    public String model(Received request) {
        var matcher = PATH.matcher(request.path());
        return matcher.matches() ? matcher.group(1) : "";
    }

    @Override
    public Optional<Reply.Whole> rejection(Received request) {
        if (!request.method().equals("POST") || !PATH.matcher(request.path()).matches()) {
            return Optional.of(error(404, "Method not found."));
        }
        if (request.header("x-goog-api-key") == null && !queryParameters(request).containsKey("key")) {
            return Optional.of(error(403, UNREGISTERED));
        }
        return Optional.empty();
    }

    @Override
    public Reply answer(Received request) {
        var body = request.json();
        var model = model(request);
        if (!request.path().endsWith(":streamGenerateContent")) {
            var texts = body.has("tools") ? List.<String>of() : List.of(String.join("", ChatResponses.STREAMED_WORDS));
            return whole(200, response(body, model, texts, true).toString());
        }
        var responses = body.has("tools") ? List.of(response(body, model, List.of(), true))
                : ChatResponses.STREAMED_WORDS.stream().map(word -> response(body, model, List.of(word),
                        word.equals(ChatResponses.STREAMED_WORDS.getLast()))).toList();
        if (!"sse".equals(queryParameters(request).get("alt"))) {
            // Without alt=sse Gemini streams one JSON array; the fake sends it whole.
            return whole(200, FakeProvider.JSON.createArrayNode().addAll(responses).toString());
        }
        var events = responses.stream().map(response -> Event.data(response.toString())).toList();
        return new Reply.Stream(Map.of("Content-Type", "text/event-stream"), events, "\r\n");
    }

    @Override
    public Reply.Whole error(int status, String message) {
        var error = FakeProvider.JSON.createObjectNode();
        error.putObject("error").put("code", status).put("message", message).put("status", errorStatus(status));
        return whole(status, error.toString());
    }

    private static ObjectNode response(JsonNode request, String model, List<String> texts, boolean last) {
        var response = FakeProvider.JSON.createObjectNode();
        var candidate = response.putArray("candidates").addObject();
        var content = candidate.putObject("content");
        var parts = content.putArray("parts");
        if (request.has("tools")) {
            var call = parts.addObject().putObject("functionCall").put("name", toolName(request));
            call.set("args", FakeProvider.parse(AnthropicResponder.TOOL_ARGUMENTS));
        }
        texts.forEach(text -> parts.addObject().put("text", text));
        content.put("role", "model");
        if (last) {
            candidate.put("finishReason", "STOP");
        }
        candidate.put("index", 0);
        var usage = response.putObject("usageMetadata").put("promptTokenCount", ChatResponses.PROMPT_TOKENS);
        // Gemini repeats the prompt count on every event and adds the output count to the last one.
        int output = last ? ChatResponses.COMPLETION_TOKENS : 0;
        if (last) {
            usage.put("candidatesTokenCount", output);
        }
        usage.put("totalTokenCount", ChatResponses.PROMPT_TOKENS + output);
        response.put("modelVersion", model).put("responseId", "fake-response");
        return response;
    }

    private static String toolName(JsonNode request) {
        var declarations = request.path("tools").path(0).path("functionDeclarations");
        if (declarations.isMissingNode()) {
            declarations = request.path("tools").path(0).path("function_declarations");
        }
        return declarations.path(0).path("name").asText("unknown");
    }

    private static Map<String, String> queryParameters(Received request) {
        return FakeProvider.queryParameters(request.query());
    }

    private static Reply.Whole whole(int status, String body) {
        return new Reply.Whole(status, JSON_HEADERS, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String errorStatus(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503 -> "UNAVAILABLE";
            default -> "INTERNAL";
        };
    }
}
