package dev.warden.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.fake.FakeProvider.Received;
import dev.warden.gateway.fake.Reply.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} with {@code x-api-key} and
 * {@code anthropic-version}, answered with a {@code message} or with the named events of its
 * stream; a request with tools gets a {@code tool_use} block instead of text.
 */
final class AnthropicResponder implements Responder {

    static final String TOOL_ARGUMENTS = "{\"city\":\"Paris\"}";
    private static final Map<String, String> HEADERS = Map.of("request-id", "req_fake");

    @Override
    public String basePath() {
        return "/v1";
    }

    @Override
    public String model(Received request) {
        return request.json().path("model").asText("");
    }

    @Override
    public Optional<Reply.Whole> rejection(Received request) {
        if (!request.method().equals("POST") || !request.path().equals("/v1/messages")) {
            return Optional.of(error(404, "Not Found"));
        }
        if (request.header("x-api-key") == null) {
            return Optional.of(error(401, "x-api-key header is required"));
        }
        if (request.header("anthropic-version") == null) {
            return Optional.of(error(400, "anthropic-version: header is required"));
        }
        if (!request.json().has("max_tokens")) {
            return Optional.of(error(400, "max_tokens: Field required"));
        }
        return Optional.empty();
    }

    @Override
    public Reply answer(Received request) {
        var body = request.json();
        if (body.path("stream").asBoolean(false)) {
            var headers = Map.of("Content-Type", "text/event-stream; charset=utf-8", "request-id", "req_fake");
            return new Reply.Stream(headers, events(body), "\n");
        }
        var message = message(body);
        var block = message.putArray("content").addObject();
        if (body.has("tools")) {
            block.put("type", "tool_use").put("id", "toolu_fake").put("name", toolName(body));
            block.set("input", FakeProvider.parse(TOOL_ARGUMENTS));
        } else {
            block.put("type", "text").put("text", String.join("", ChatResponses.STREAMED_WORDS));
        }
        message.put("stop_reason", stopReason(body)).putNull("stop_sequence");
        usage(message, ChatResponses.COMPLETION_TOKENS);
        return Reply.Whole.json(200, message.toString(), HEADERS);
    }

    private static List<Event> events(JsonNode body) {
        var events = new ArrayList<Event>();
        var start = message(body);
        start.putArray("content");
        start.putNull("stop_reason").putNull("stop_sequence");
        usage(start, 1);
        events.add(event("message_start", node -> node.set("message", start)));
        events.add(event("content_block_start", node -> node.put("index", 0).set("content_block", firstBlock(body))));
        events.add(event("ping", node -> { }));
        var pieces = body.has("tools") ? List.of("{\"city\":", "\"Paris\"}") : ChatResponses.STREAMED_WORDS;
        for (var piece : pieces) {
            events.add(event("content_block_delta", node -> node.put("index", 0).set("delta", delta(body, piece))));
        }
        events.add(event("content_block_stop", node -> node.put("index", 0)));
        events.add(event("message_delta", node -> {
            node.putObject("delta").put("stop_reason", stopReason(body)).putNull("stop_sequence");
            node.putObject("usage").put("output_tokens", ChatResponses.COMPLETION_TOKENS);
        }));
        events.add(event("message_stop", node -> { }));
        return events;
    }

    @Override
    public Reply.Whole error(int status, String message) {
        var error = FakeProvider.JSON.createObjectNode().put("type", "error");
        error.putObject("error").put("type", errorType(status)).put("message", message);
        error.put("request_id", "req_fake");
        return Reply.Whole.json(status, error.toString(), HEADERS);
    }

    private static Event event(String type, Consumer<ObjectNode> fields) {
        var node = FakeProvider.JSON.createObjectNode().put("type", type);
        fields.accept(node);
        return new Event(type, node.toString());
    }

    private static ObjectNode message(JsonNode body) {
        return FakeProvider.JSON.createObjectNode().put("id", "msg_fake").put("type", "message")
                .put("role", "assistant").put("model", body.path("model").asText());
    }

    private static ObjectNode firstBlock(JsonNode body) {
        var block = FakeProvider.JSON.createObjectNode();
        if (body.has("tools")) {
            block.put("type", "tool_use").put("id", "toolu_fake").put("name", toolName(body)).putObject("input");
        } else {
            block.put("type", "text").put("text", "");
        }
        return block;
    }

    private static ObjectNode delta(JsonNode body, String piece) {
        var delta = FakeProvider.JSON.createObjectNode();
        return body.has("tools") ? delta.put("type", "input_json_delta").put("partial_json", piece)
                : delta.put("type", "text_delta").put("text", piece);
    }

    private static void usage(ObjectNode message, int outputTokens) {
        message.putObject("usage").put("input_tokens", ChatResponses.PROMPT_TOKENS).put("output_tokens", outputTokens);
    }

    private static String stopReason(JsonNode body) {
        return body.has("tools") ? "tool_use" : "end_turn";
    }

    private static String toolName(JsonNode body) {
        return body.path("tools").path(0).path("name").asText("unknown");
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> "api_error";
        };
    }
}
