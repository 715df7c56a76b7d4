package dev.warden.gateway.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers concurrent embedding requests into batches for one encoder, run by a fixed set of
 * worker threads. A request that finds a worker idle runs at once; while the workers are busy,
 * requests queue and are taken together, and a batch that already holds several requests waits
 * up to the window for more. Texts are sorted by length within a batch, so that little padding
 * is computed. With {@code maxBatch} 1 every text is its own inference: the workers then only
 * spread the texts over the cores.
 */
final class EmbeddingBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingBatcher.class);

    private final OnnxEncoder encoder;
    private final long windowNanos;
    private final int maxBatch;
    private final int queueCapacity;
    private final BlockingQueue<Job> queue;
    private final AtomicInteger queuedTexts = new AtomicInteger();
    private final List<Thread> workers;
    private volatile boolean closed;

    /** Thrown through a job's future when the queue is full. */
    static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message);
        }
    }

    private record Job(List<String> texts, CompletableFuture<OnnxEncoder.Embeddings> result) {
    }

    EmbeddingBatcher(OnnxEncoder encoder, String name, int workers, Duration window, int maxBatch, int queueCapacity) {
        this.encoder = encoder;
        this.windowNanos = window.toNanos();
        this.maxBatch = maxBatch;
        this.queueCapacity = queueCapacity;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofPlatform().daemon().name("embeddings-" + name + "-" + i).start(this::work));
        }
        this.workers = List.copyOf(threads);
    }

    OnnxEncoder encoder() {
        return encoder;
    }

    int maxBatch() {
        return maxBatch;
    }

    /** Embeds texts, in order, together with whatever else is waiting. */
    CompletableFuture<OnnxEncoder.Embeddings> submit(List<String> texts) {
        var result = new CompletableFuture<OnnxEncoder.Embeddings>();
        if (closed) {
            result.completeExceptionally(new Overloaded("the model is shutting down"));
            return result;
        }
        if (queuedTexts.addAndGet(texts.size()) > queueCapacity && queuedTexts.get() > texts.size()) {
            queuedTexts.addAndGet(-texts.size());
            result.completeExceptionally(new Overloaded("the local model has " + queueCapacity + " texts waiting already"));
            return result;
        }
        if (!queue.offer(new Job(List.copyOf(texts), result))) {
            queuedTexts.addAndGet(-texts.size());
            result.completeExceptionally(new Overloaded("the local model's queue is full"));
        }
        return result;
    }

    private void work() {
        var batch = new ArrayList<Job>();
        while (!closed) {
            try {
                batch.add(queue.take());
                gather(batch);
                run(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                log.error("Embedding batch failed", e);
                batch.forEach(job -> job.result().completeExceptionally(e));
            } finally {
                batch.forEach(job -> queuedTexts.addAndGet(-job.texts().size()));
                batch.clear();
            }
        }
        Job left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new Overloaded("the model is shutting down"));
        }
    }

    private void gather(List<Job> batch) throws InterruptedException {
        int texts = batch.getFirst().texts().size();
        long deadline = System.nanoTime() + windowNanos;
        while (texts < maxBatch) {
            var next = queue.poll();
            if (next == null && batch.size() > 1) {
                long left = deadline - System.nanoTime();
                next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            }
            if (next == null) {
                return;
            }
            batch.add(next);
            texts += next.texts().size();
        }
    }

    /** Runs the batch's texts, shortest first, in inferences of at most maxBatch texts and hands each job its share. */
    private void run(List<Job> batch) {
        var texts = new ArrayList<String>();
        batch.forEach(job -> texts.addAll(job.texts()));
        var order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        var vectors = new float[texts.size()][];
        var tokens = new int[texts.size()];
        for (int from = 0; from < order.length; from += maxBatch) {
            int to = Math.min(order.length, from + maxBatch);
            var chunk = new ArrayList<String>(to - from);
            for (int i = from; i < to; i++) {
                chunk.add(texts.get(order[i]));
            }
            var part = encoder.embed(chunk);
            for (int i = from; i < to; i++) {
                vectors[order[i]] = part.vectors()[i - from];
                tokens[order[i]] = part.tokens()[i - from];
            }
        }
        int offset = 0;
        for (var job : batch) {
            int count = job.texts().size();
            var jobVectors = new float[count][];
            var jobTokens = new int[count];
            System.arraycopy(vectors, offset, jobVectors, 0, count);
            System.arraycopy(tokens, offset, jobTokens, 0, count);
            job.result().complete(new OnnxEncoder.Embeddings(jobVectors, jobTokens));
            offset += count;
        }
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(Thread::interrupt);
        for (var worker : workers) {
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        encoder.close();
    }
}
