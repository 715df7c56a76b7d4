package dev.warden.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

/** Response bodies as OpenAI writes them, built from the request they answer. */
public final class ChatResponses {

    public static final int PROMPT_TOKENS = 11;
    public static final int COMPLETION_TOKENS = 7;
    public static final List<String> STREAMED_WORDS = List.of("Hello", " from", " the", " fake");
    private static final float[] VECTOR = {0.125f, -0.5f, 0.75f};

    private ChatResponses() {
    }

    static String completion(JsonNode request) {
        var response = base(request, "chat.completion");
        var choice = response.putArray("choices").addObject();
        choice.put("index", 0);
        var message = choice.putObject("message");
        message.put("role", "assistant");
        if (request.has("tools")) {
            message.putNull("content");
            var call = message.putArray("tool_calls").addObject();
            call.put("id", "call_1");
            call.put("type", "function");
            call.putObject("function").put("name", toolName(request)).put("arguments", "{\"city\":\"Paris\"}");
            choice.put("finish_reason", "tool_calls");
        } else {
            message.put("content", String.join("", STREAMED_WORDS));
            choice.put("finish_reason", "stop");
        }
        usage(response);
        return response.toString();
    }

    /** The chunks of a stream, without the final {@code [DONE]}. */
    static List<String> chunks(JsonNode request) {
        boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
        var chunks = new ArrayList<ObjectNode>();
        chunks.add(chunk(request, delta -> delta.put("role", "assistant").put("content", ""), null));
        if (request.has("tools")) {
            chunks.add(chunk(request, delta -> toolCall(delta, request, true, "{\"city\":"), null));
            chunks.add(chunk(request, delta -> toolCall(delta, request, false, "\"Paris\"}"), null));
            chunks.add(chunk(request, delta -> { }, "tool_calls"));
        } else {
            STREAMED_WORDS.forEach(word -> chunks.add(chunk(request, delta -> delta.put("content", word), null)));
            chunks.add(chunk(request, delta -> { }, "stop"));
        }
        if (includeUsage) {
            chunks.forEach(chunk -> chunk.putNull("usage"));
            var last = base(request, "chat.completion.chunk");
            last.putArray("choices");
            usage(last);
            chunks.add(last);
        }
        return chunks.stream().map(ObjectNode::toString).toList();
    }

    static String embeddings(JsonNode request) {
        var response = FakeOpenAi.JSON.createObjectNode();
        response.put("object", "list");
        var data = response.putArray("data");
        var input = request.path("input");
        int count = input.isArray() ? input.size() : 1;
        boolean base64 = "base64".equals(request.path("encoding_format").asText());
        for (int i = 0; i < count; i++) {
            var item = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                item.put("embedding", base64(VECTOR));
            } else {
                var vector = item.putArray("embedding");
                for (float value : VECTOR) {
                    vector.add(value);
                }
            }
        }
        response.put("model", request.path("model").asText());
        response.putObject("usage").put("prompt_tokens", 5 * count).put("total_tokens", 5 * count);
        return response.toString();
    }

    private static ObjectNode chunk(JsonNode request, Consumer<ObjectNode> delta, String finishReason) {
        var chunk = base(request, "chat.completion.chunk");
        var choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        delta.accept(choice.putObject("delta"));
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk;
    }

    private static void toolCall(ObjectNode delta, JsonNode request, boolean first, String arguments) {
        var call = delta.putArray("tool_calls").addObject().put("index", 0);
        if (first) {
            call.put("id", "call_1").put("type", "function");
            call.putObject("function").put("name", toolName(request)).put("arguments", arguments);
        } else {
            call.putObject("function").put("arguments", arguments);
        }
    }

    private static String toolName(JsonNode request) {
        return request.path("tools").path(0).path("function").path("name").asText("unknown");
    }

    private static ObjectNode base(JsonNode request, String object) {
        var node = FakeOpenAi.JSON.createObjectNode();
        node.put("id", "chatcmpl-fake");
        node.put("object", object);
        node.put("created", 1_700_000_000L);
        node.put("model", request.path("model").asText());
        node.put("system_fingerprint", "fp_fake");
        return node;
    }

    private static void usage(ObjectNode response) {
        response.putObject("usage")
                .put("prompt_tokens", PROMPT_TOKENS)
                .put("completion_tokens", COMPLETION_TOKENS)
                .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
    }

    private static String base64(float[] vector) {
        var buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            buffer.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
