package dev.warden.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.fake.FakeProvider.Received;
import dev.warden.gateway.fake.Reply.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OpenAI's chat completions and embeddings. No key is required, as OpenAI-compatible servers
 * often need none. Also Azure OpenAI's variant of the same API: there the
 * deployment in the path names the model, {@code api-version} and {@code api-key} are required,
 * errors carry a string code, and a stream opens with a chunk of prompt filter results whose
 * {@code choices} is empty.
 */
final class OpenAiResponder implements Responder {

    private static final Pattern OPENAI_PATH = Pattern.compile("/v1/(chat/completions|embeddings)");
    private static final Pattern AZURE_PATH = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|embeddings)");
    private static final String AZURE_DENIED = "Access denied due to invalid subscription key or wrong API endpoint. "
            + "Make sure to provide a valid key for an active subscription and use a correct regional API endpoint "
            + "for your resource.";

    private final boolean azure;

    OpenAiResponder(boolean azure) {
        this.azure = azure;
    }

    @Override
    public String basePath() {
        return azure ? "" : "/v1";
    }

    @Override
    public String model(Received request) {
        if (azure) {
            var matcher = AZURE_PATH.matcher(request.path());
            return matcher.matches() ? matcher.group(1) : "";
        }
        return request.json().path("model").asText("");
    }

    @Override
    public Optional<Reply.Whole> rejection(Received request) {
        if (operation(request) == null) {
            return Optional.of(error(404, "Unknown request URL: " + request.method() + " " + request.path()));
        }
        if (azure && !FakeProvider.queryParameters(request.query()).containsKey("api-version")) {
            return Optional.of(error(404, "Resource not found"));
        }
        if (azure && request.header("api-key") == null && request.header("authorization") == null) {
            return Optional.of(error(401, AZURE_DENIED));
        }
        return Optional.empty();
    }

    @Override
    public Reply answer(Received request) {
        var body = (ObjectNode) request.json().deepCopy();
        if (!body.hasNonNull("model")) {
            body.put("model", model(request));
        }
        if (operation(request).equals("embeddings")) {
            return Reply.Whole.json(200, ChatResponses.embeddings(body), headers());
        }
        if (body.path("stream").asBoolean(false)) {
            return stream(body);
        }
        var completion = ChatResponses.completion(body);
        if (azure) {
            var node = (ObjectNode) FakeProvider.parse(completion);
            node.set("prompt_filter_results", promptFilterResults());
            completion = node.toString();
        }
        return Reply.Whole.json(200, completion, headers());
    }

    private Reply.Stream stream(JsonNode body) {
        var events = new ArrayList<Event>();
        if (azure) {
            var filter = FakeProvider.JSON.createObjectNode();
            filter.putArray("choices");
            filter.put("created", 0).put("id", "").put("model", "").put("object", "");
            filter.set("prompt_filter_results", promptFilterResults());
            events.add(Event.data(filter.toString()));
        }
        ChatResponses.chunks(body).forEach(chunk -> events.add(Event.data(chunk)));
        events.add(Event.data("[DONE]"));
        var headers = new HashMap<>(headers());
        headers.put("Content-Type", "text/event-stream; charset=utf-8");
        return new Reply.Stream(Map.copyOf(headers), events, "\n");
    }

    @Override
    public Reply.Whole error(int status, String message) {
        var error = FakeProvider.JSON.createObjectNode();
        var detail = error.putObject("error");
        if (azure) {
            detail.put("code", String.valueOf(status)).put("message", message);
        } else {
            detail.put("message", message).put("type", errorType(status)).putNull("param");
            detail.put("code", status == 429 ? "rate_limit_exceeded" : status == 401 ? "invalid_api_key" : null);
        }
        return Reply.Whole.json(status, error.toString(), headers());
    }

    private Map<String, String> headers() {
        return azure ? Map.of("apim-request-id", "fake-apim-request", "x-ms-region", "Fake Region")
                : Map.of("x-request-id", "req_fake");
    }

    private String operation(Received request) {
        var matcher = (azure ? AZURE_PATH : OPENAI_PATH).matcher(request.path());
        return matcher.matches() && request.method().equals("POST") ? matcher.group(matcher.groupCount()) : null;
    }

    private static String errorType(int status) {
        return switch (status) {
            case 429 -> "requests";
            case 400, 401, 404 -> "invalid_request_error";
            default -> "server_error";
        };
    }

    private static JsonNode promptFilterResults() {
        var results = FakeProvider.JSON.createArrayNode();
        var filters = results.addObject().put("prompt_index", 0).putObject("content_filter_results");
        for (var category : new String[] {"hate", "self_harm", "sexual", "violence"}) {
            filters.putObject(category).put("filtered", false).put("severity", "safe");
        }
        return results;
    }
}
