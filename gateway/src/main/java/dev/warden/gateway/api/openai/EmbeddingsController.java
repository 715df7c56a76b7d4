package dev.warden.gateway.api.openai;

import static dev.warden.gateway.api.FieldRules.Kind.ARRAY;
import static dev.warden.gateway.api.FieldRules.Kind.INTEGER;
import static dev.warden.gateway.api.FieldRules.Kind.STRING;

import dev.warden.gateway.api.FieldRules;
import dev.warden.gateway.provider.Endpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** OpenAI's {@code POST /v1/embeddings}. */
@RestController
class EmbeddingsController {

    static final FieldRules RULES = FieldRules.requiring("model", "input")
            .field("model", STRING)
            .field("input", STRING, ARRAY)
            .field("encoding_format", STRING)
            .field("dimensions", INTEGER)
            .field("user", STRING);

    private final OpenAiRequests requests;

    EmbeddingsController(OpenAiRequests requests) {
        this.requests = requests;
    }

    @PostMapping("/v1/embeddings")
    void embed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        requests.serve(request, response, Endpoint.EMBEDDINGS, RULES);
    }
}
