package dev.warden.gateway.api.openai;

import static dev.warden.gateway.api.FieldRules.Kind.ARRAY;
import static dev.warden.gateway.api.FieldRules.Kind.BOOLEAN;
import static dev.warden.gateway.api.FieldRules.Kind.INTEGER;
import static dev.warden.gateway.api.FieldRules.Kind.NUMBER;
import static dev.warden.gateway.api.FieldRules.Kind.OBJECT;
import static dev.warden.gateway.api.FieldRules.Kind.STRING;

import dev.warden.gateway.api.FieldRules;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.api.RequestLoop;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.gateway.exchange.ClientResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAI's model endpoints: {@code POST /v1/chat/completions} (whole or streamed, tools and all)
 * and {@code POST /v1/embeddings}. Their bodies are canonical already, so each is its path, the
 * fields' rules and the gateway endpoint it is.
 */
@Configuration(proxyBeanMethods = false)
class OpenAiEndpoints {

    static final FieldRules CHAT_RULES = FieldRules.requiring("model", "messages")
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

    static final FieldRules EMBEDDINGS_RULES = FieldRules.requiring("model", "input")
            .field("model", STRING)
            .field("input", STRING, ARRAY)
            .field("encoding_format", STRING)
            .field("dimensions", INTEGER)
            .field("user", STRING);

    @Bean
    ModelEndpoint chatCompletions(OpenAiRequests requests) {
        return new OpenAiEndpoint("/v1/chat/completions", Endpoint.CHAT, CHAT_RULES, requests);
    }

    @Bean
    ModelEndpoint embeddings(OpenAiRequests requests) {
        return new OpenAiEndpoint("/v1/embeddings", Endpoint.EMBEDDINGS, EMBEDDINGS_RULES, requests);
    }

    private record OpenAiEndpoint(String path, Endpoint endpoint, FieldRules rules, OpenAiRequests requests) implements ModelEndpoint {

        @Override
        public void serve(ClientRequest request, ClientResponse response) throws IOException {
            requests.serve(request, response, endpoint, rules);
        }

        @Override
        public CompletableFuture<Void> serveOnLoop(ClientRequest request, ClientResponse response, RequestLoop loop) throws IOException {
            return requests.serveOnLoop(request, response, endpoint, rules, loop);
        }
    }
}
