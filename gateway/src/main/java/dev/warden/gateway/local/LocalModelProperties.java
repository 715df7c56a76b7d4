package dev.warden.gateway.local;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How in-process models use the machine.
 *
 * @param threads       threads one inference may use (ONNX Runtime's intra-op threads; default 1:
 *                      small encoders gain more from running inferences side by side)
 * @param workers       inferences run at the same time (default: the number of processors)
 * @param exact         whether a text's vector must not depend on the other texts it is batched with
 *                      (default true). Dynamically quantised models, the built-in one included, give
 *                      slightly different vectors in a batch; exact runs their texts one per inference,
 *                      spread over the workers. false batches them anyway, for throughput.
 * @param batchWindow   how long a batch already holding several requests waits for more before it
 *                      runs (default 2ms); a lone request never waits
 * @param maxBatch      texts embedded in one inference at most (default 32)
 * @param queueCapacity texts waiting at most; past it requests are refused as overload, so the next
 *                      target of their route serves them (default 4096)
 */
@ConfigurationProperties("warden.local-models")
public record LocalModelProperties(Integer threads, Integer workers, Boolean exact, Duration batchWindow, Integer maxBatch,
                                   Integer queueCapacity) {

    public LocalModelProperties {
        threads = threads == null || threads < 1 ? 1 : threads;
        workers = workers == null || workers < 1 ? Runtime.getRuntime().availableProcessors() : workers;
        exact = exact == null || exact;
        batchWindow = batchWindow == null || batchWindow.isNegative() ? Duration.ofMillis(2) : batchWindow;
        maxBatch = maxBatch == null || maxBatch < 1 ? 32 : maxBatch;
        queueCapacity = queueCapacity == null || queueCapacity < 1 ? 4096 : queueCapacity;
    }
}
