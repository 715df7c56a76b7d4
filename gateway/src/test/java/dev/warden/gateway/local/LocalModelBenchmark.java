package dev.warden.gateway.local;

import dev.warden.gateway.intent.IntentBenchmarkProbe;
import dev.warden.policy.OnnxModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embeddings per second for single-sentence requests, through the gateway's batcher at
 * concurrency 1 and 32, against the reference: a plain loop of one ONNX Runtime session call per
 * sentence. Also the process's memory with the model loaded, and the cost of classifying a
 * request's intent. Run by {@code src/bench/local-models.sh}; prints a Markdown report.
 */
public final class LocalModelBenchmark {

    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(15);

    public static void main(String[] args) throws Exception {
        var sentences = sentences();
        var out = new StringBuilder();
        int cores = Runtime.getRuntime().availableProcessors();
        long rssBefore = rssKb();
        out.append(String.format(Locale.ROOT, "Machine: %d cores, Java %s, %s%n%n", cores, System.getProperty("java.version"),
                System.getProperty("os.arch")));

        try (var reference = ModelFiles.load(OnnxModelSpec.BUILT_IN, cores)) {
            long rssLoaded = rssKb();
            double loop = referenceLoop(reference, sentences);
            out.append("| configuration | concurrency | embeddings/s | vs reference loop |\n|---|---|---|---|\n");
            out.append(row("reference: one session call per sentence, " + cores + " intra-op threads", 1, loop, loop));
            for (boolean exact : new boolean[]{true, false}) {
                var properties = new LocalModelProperties(null, null, exact, null, null, null);
                var models = new LocalModels(properties);
                try {
                    var batcher = models.batcher(OnnxModelSpec.BUILT_IN);
                    var name = exact ? "Warden default (exact: one text per inference, " + properties.workers() + " workers)"
                            : "Warden, exact=false (micro-batches of up to " + properties.maxBatch() + ", "
                            + properties.batchWindow().toMillis() + " ms window)";
                    for (int concurrency : new int[]{1, 32}) {
                        double rate = throughput(batcher, sentences, concurrency);
                        out.append(row(name, concurrency, rate, loop));
                    }
                } finally {
                    models.destroy();
                }
            }
            out.append(String.format(Locale.ROOT, "%nResident memory: %d MiB before the model, %d MiB with it loaded (JVM heap in use %d MiB).%n",
                    rssBefore / 1024, rssLoaded / 1024, (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20));
        }
        out.append("\n").append(IntentBenchmarkProbe.run(sentences));
        System.out.println(out);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), out.toString());
        }
    }

    private static String row(String name, int concurrency, double rate, double reference) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2fx |%n", name, concurrency, rate, rate / reference);
    }

    private static double referenceLoop(OnnxEncoder encoder, List<String> sentences) {
        long until = System.nanoTime() + WARMUP.toNanos();
        int i = 0;
        while (System.nanoTime() < until) {
            encoder.embed(List.of(sentences.get(i++ % sentences.size())));
        }
        long start = System.nanoTime();
        long end = start + MEASURE.toNanos();
        long done = 0;
        while (System.nanoTime() < end) {
            encoder.embed(List.of(sentences.get(i++ % sentences.size())));
            done++;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private static double throughput(EmbeddingBatcher batcher, List<String> sentences, int concurrency) throws InterruptedException {
        var counting = new AtomicBoolean(false);
        var stop = new AtomicBoolean(false);
        var done = new AtomicLong();
        var next = new AtomicLong();
        var threads = new ArrayList<Thread>();
        for (int c = 0; c < concurrency; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    var sentence = sentences.get((int) (next.getAndIncrement() % sentences.size()));
                    batcher.submit(List.of(sentence)).join();
                    if (counting.get()) {
                        done.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(WARMUP.toMillis());
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(MEASURE.toMillis());
        long counted = done.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (var thread : threads) {
            thread.join();
        }
        return counted / seconds;
    }

    static List<String> sentences() throws IOException {
        try (InputStream in = LocalModelBenchmark.class.getResourceAsStream("/dev/warden/gateway/intent/held-out-intents.tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1)
                    .map(line -> line.split("\t", 2)[1]).toList();
        }
    }

    private static long rssKb() throws IOException {
        for (var line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
