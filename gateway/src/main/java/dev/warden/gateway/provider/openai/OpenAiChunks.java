package dev.warden.gateway.provider.openai;

import dev.warden.gateway.json.PooledJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.provider.ChunkTranslator;
import dev.warden.gateway.provider.StreamFailure;
import java.io.IOException;
import java.util.List;

/**
 * An OpenAI stream is already canonical: each event is parsed as it is, for clients of another
 * surface (Anthropic's) to be served from an OpenAI-speaking upstream.
 */
public final class OpenAiChunks implements ChunkTranslator {

    private static final ObjectMapper JSON = PooledJson.mapper().build();

    private boolean finished;

    @Override
    public List<ObjectNode> onEvent(String event, String data) {
        if (data.strip().equals("[DONE]")) {
            finished = true;
            return List.of();
        }
        try {
            if (!(JSON.readTree(data) instanceof ObjectNode chunk)) {
                throw new StreamFailure("the upstream sent an event that is not a JSON object");
            }
            if (chunk.has("error")) {
                throw new StreamFailure("the upstream reported an error: " + chunk.path("error").path("message").asText(chunk.get("error").toString()));
            }
            return List.of(chunk);
        } catch (IOException e) {
            throw new StreamFailure("the upstream sent an event that is not valid JSON", e);
        }
    }

    @Override
    public boolean finished() {
        return finished;
    }
}
