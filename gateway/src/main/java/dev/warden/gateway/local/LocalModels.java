package dev.warden.gateway.local;

import dev.warden.policy.OnnxModelSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The models the gateway runs in-process, loaded on first use and kept for the life of the
 * process: a model takes a few hundred milliseconds and tens of megabytes to load, so a policy
 * reload that names the same model reuses it.
 */
@Component
public class LocalModels implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LocalModels.class);

    private final LocalModelProperties properties;
    private final Map<OnnxModelSpec, EmbeddingBatcher> loaded = new ConcurrentHashMap<>();

    public LocalModels(LocalModelProperties properties) {
        this.properties = properties;
    }

    /** The built-in all-MiniLM-L6-v2, which also powers intent classification. */
    public OnnxEncoder builtIn() {
        return batcher(OnnxModelSpec.BUILT_IN).encoder();
    }

    /**
     * One text's vector from the built-in model, through its workers: the calling (virtual)
     * thread waits without holding a carrier thread while the native inference runs.
     */
    public float[] embedBuiltIn(String text) {
        try {
            return batcher(OnnxModelSpec.BUILT_IN).submit(List.of(text)).get().vectors()[0];
        } catch (ExecutionException e) {
            throw new IllegalStateException("the built-in model failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        }
    }

    EmbeddingBatcher batcher(OnnxModelSpec spec) {
        return loaded.computeIfAbsent(spec, this::load);
    }

    private EmbeddingBatcher load(OnnxModelSpec spec) {
        long started = System.nanoTime();
        var encoder = ModelFiles.load(spec, properties.threads());
        var name = spec.model().orElse("all-minilm-l6-v2");
        log.info("Loaded local model {} ({} dimensions, up to {} tokens) in {} ms", name, encoder.dimensions(),
                encoder.maxTokens(), (System.nanoTime() - started) / 1_000_000);
        int maxBatch = properties.maxBatch();
        if (encoder.batchSensitive() && properties.exact()) {
            log.info("Local model {} gives different vectors in a batch (dynamic quantisation): its texts run one per inference,"
                    + " spread over {} workers (warden.local-models.exact=false batches them)", name, properties.workers());
            maxBatch = 1;
        }
        return new EmbeddingBatcher(encoder, Integer.toString(loaded.size()), properties.workers(), properties.batchWindow(),
                maxBatch, properties.queueCapacity());
    }

    @Override
    public void destroy() {
        loaded.values().forEach(EmbeddingBatcher::close);
        loaded.clear();
    }
}
