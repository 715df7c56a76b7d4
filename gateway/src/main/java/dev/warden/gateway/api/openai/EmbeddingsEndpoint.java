package dev.warden.gateway.api.openai;

import static dev.warden.gateway.api.FieldRules.Kind.ARRAY;
import static dev.warden.gateway.api.FieldRules.Kind.INTEGER;
import static dev.warden.gateway.api.FieldRules.Kind.STRING;

import dev.warden.gateway.api.FieldRules;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.provider.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/** OpenAI's {@code POST /v1/embeddings}. */
@Component
class EmbeddingsEndpoint implements ModelEndpoint {

    static final FieldRules RULES = FieldRules.requiring("model", "input")
            .field("model", STRING)
            .field("input", STRING, ARRAY)
            .field("encoding_format", STRING)
            .field("dimensions", INTEGER)
            .field("user", STRING);

    private final OpenAiRequests requests;

    EmbeddingsEndpoint(OpenAiRequests requests) {
        this.requests = requests;
    }

    @Override
    public String path() {
        return "/v1/embeddings";
    }

    @Override
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        requests.serve(request, response, Endpoint.EMBEDDINGS, RULES);
    }
}
