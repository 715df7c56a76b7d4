package dev.warden.gateway.api.openai;

import static dev.warden.gateway.api.FieldRules.Kind.ARRAY;
import static dev.warden.gateway.api.FieldRules.Kind.BOOLEAN;
import static dev.warden.gateway.api.FieldRules.Kind.INTEGER;
import static dev.warden.gateway.api.FieldRules.Kind.NUMBER;
import static dev.warden.gateway.api.FieldRules.Kind.OBJECT;
import static dev.warden.gateway.api.FieldRules.Kind.STRING;

import dev.warden.gateway.api.FieldRules;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.provider.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** OpenAI's {@code POST /v1/chat/completions}, whole or streamed, tools and all. */
@Component
class ChatCompletionsEndpoint implements ModelEndpoint {

    static final FieldRules RULES = FieldRules.requiring("model", "messages")
            .field("model", STRING)
            .field("messages", ARRAY)
            .field("stream", BOOLEAN)
            .field("stream_options", OBJECT)
            .field("max_tokens", INTEGER)
            .field("max_completion_tokens", INTEGER)
            .field("n", INTEGER)
            .field("seed", INTEGER)
            .field("temperature", NUMBER)
            .field("top_p", NUMBER)
            .field("presence_penalty", NUMBER)
            .field("frequency_penalty", NUMBER)
            .field("logprobs", BOOLEAN)
            .field("top_logprobs", INTEGER)
            .field("tools", ARRAY)
            .field("tool_choice", STRING, OBJECT)
            .field("parallel_tool_calls", BOOLEAN)
            .field("response_format", OBJECT)
            .field("stop", STRING, ARRAY)
            .field("metadata", OBJECT)
            .field("user", STRING);

    private final OpenAiRequests requests;

    ChatCompletionsEndpoint(OpenAiRequests requests) {
        this.requests = requests;
    }

    @Override
    public String path() {
        return "/v1/chat/completions";
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        requests.serve(request, response, Endpoint.CHAT, RULES);
    }
}
