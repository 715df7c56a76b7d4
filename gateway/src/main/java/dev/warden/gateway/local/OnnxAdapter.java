package dev.warden.gateway.local;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.json.PooledJson;
import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.InProcessAdapter;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.policy.OnnxModelSpec;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.ProviderType;
import dev.warden.policy.Target;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/** Serves OpenAI's embeddings endpoint from an ONNX encoder run in this process. */
@Component
class OnnxAdapter implements InProcessAdapter {

    /** OpenAI's own bound on inputs per embeddings request. */
    static final int MAX_INPUTS = 2048;

    private final LocalModels models;
    private final JsonFactory json = PooledJson.factory();

    OnnxAdapter(LocalModels models) {
        this.models = models;
    }

    @Override
    public Set<ProviderType> types() {
        return Set.of(ProviderType.ONNX);
    }

    @Override
    public boolean serves(Endpoint endpoint) {
        return endpoint == Endpoint.EMBEDDINGS;
    }

    @Override
    public UpstreamResponse answer(ProviderSpec provider, Target target, Endpoint endpoint, CanonicalRequest request,
                                   Duration timeout) throws UpstreamFailure {
        var body = request.tree();
        var texts = texts(body.path("input"));
        var format = body.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw new IllegalArgumentException("'encoding_format' must be float or base64, got '" + format + "'");
        }
        var batcher = models.batcher(provider.onnx().orElse(OnnxModelSpec.BUILT_IN));
        int dimensions = batcher.encoder().dimensions();
        if (body.has("dimensions") && body.path("dimensions").asInt() != dimensions) {
            throw new IllegalArgumentException("model " + target.model() + " has " + dimensions
                    + " dimensions and cannot shorten them; leave 'dimensions' out or set it to " + dimensions);
        }
        var embeddings = await(batcher.submit(texts), timeout);
        return UpstreamResponse.inProcess(200, response(embeddings, target.model(), format.equals("base64")));
    }

    private static List<String> texts(JsonNode input) {
        if (input.isTextual()) {
            return List.of(input.asText());
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new IllegalArgumentException("'input' must be a string or a non-empty array of strings");
        }
        if (input.size() > MAX_INPUTS) {
            throw new IllegalArgumentException("'input' may hold at most " + MAX_INPUTS + " texts, got " + input.size());
        }
        var texts = new ArrayList<String>(input.size());
        for (var item : input) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("local models take text: 'input' must be a string or an array of strings"
                        + " (token arrays are not supported)");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static OnnxEncoder.Embeddings await(CompletableFuture<OnnxEncoder.Embeddings> future,
                                                Duration timeout) throws UpstreamFailure {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "the local model did not answer within "
                    + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            var cause = e.getCause();
            var kind = cause instanceof EmbeddingBatcher.Overloaded ? UpstreamFailure.Kind.UNREACHABLE : UpstreamFailure.Kind.BROKEN;
            throw new UpstreamFailure(kind, "the local model failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "interrupted while waiting for the local model", e);
        }
    }

    /** OpenAI's embeddings response, written directly: a vector is 384 numbers and there may be thousands of them. */
    private byte[] response(OnnxEncoder.Embeddings embeddings, String model, boolean base64) {
        var out = new ByteArrayOutputStream(256 + embeddings.vectors().length * (base64 ? 2100 : 4200));
        try (var generator = json.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("object", "list");
            generator.writeArrayFieldStart("data");
            var vectors = embeddings.vectors();
            for (int i = 0; i < vectors.length; i++) {
                generator.writeStartObject();
                generator.writeStringField("object", "embedding");
                generator.writeNumberField("index", i);
                if (base64) {
                    generator.writeStringField("embedding", base64(vectors[i]));
                } else {
                    generator.writeFieldName("embedding");
                    generator.writeStartArray();
                    for (float value : vectors[i]) {
                        generator.writeNumber(value);
                    }
                    generator.writeEndArray();
                }
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeStringField("model", model);
            generator.writeObjectFieldStart("usage");
            generator.writeNumberField("prompt_tokens", embeddings.totalTokens());
            generator.writeNumberField("total_tokens", embeddings.totalTokens());
            generator.writeEndObject();
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** OpenAI's base64 form: the vector's float32 values, little-endian. */
    static String base64(float[] vector) {
        var buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
