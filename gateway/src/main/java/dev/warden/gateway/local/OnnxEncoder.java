package dev.warden.gateway.local;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sentence encoder run in-process with ONNX Runtime: a BERT-style model and its HuggingFace
 * tokenizer, with sentence-transformers' recipe on top (truncate, mean-pool the token vectors
 * under the attention mask, L2-normalise). One session serves every thread: ONNX Runtime's
 * {@code run} is thread-safe.
 */
public final class OnnxEncoder implements AutoCloseable {

    static {
        // The tokenizer's native library ships in its jar; never let DJL reach for the network.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTokenTypes;
    private final String outputName;
    private final int maxTokens;
    private final int dimensions;
    private final boolean batchSensitive;

    /** Sentence vectors, one per input, with the tokens each input took after truncation. */
    public record Embeddings(float[][] vectors, int[] tokens) {
        public int totalTokens() {
            int total = 0;
            for (int count : tokens) {
                total += count;
            }
            return total;
        }
    }

    private OnnxEncoder(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer, int maxTokens)
            throws OrtException {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        var inputs = session.getInputNames();
        if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
            throw new IllegalArgumentException("not a BERT-style encoder: its inputs are " + inputs
                    + ", expected input_ids and attention_mask");
        }
        this.wantsTokenTypes = inputs.contains("token_type_ids");
        this.outputName = session.getOutputNames().contains("last_hidden_state") ? "last_hidden_state"
                : session.getOutputNames().iterator().next();
        this.dimensions = probeDimensions();
        this.batchSensitive = probeBatchSensitivity();
    }

    /**
     * Loads a model.
     *
     * @param model         the ONNX file's bytes
     * @param tokenizerJson the tokenizer.json's bytes
     * @param maxTokens     inputs are cut to this many tokens, special tokens included
     * @param threads       threads one inference may use (ONNX Runtime's intra-op threads)
     */
    public static OnnxEncoder load(byte[] model, byte[] tokenizerJson, int maxTokens, int threads) throws IOException {
        var environment = OrtEnvironment.getEnvironment();
        try (var options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            var session = environment.createSession(model, options);
            var tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens)));
            try {
                return new OnnxEncoder(environment, session, tokenizer, maxTokens);
            } catch (OrtException | RuntimeException e) {
                session.close();
                tokenizer.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IOException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    public int dimensions() {
        return dimensions;
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** How many tokens a text takes, after truncation. */
    public int countTokens(String text) {
        return tokenizer.encode(text).getIds().length;
    }

    /** The part of a text that fits in {@code maxTokens}: what the model actually reads of it. */
    public String truncatedText(String text) {
        var spans = tokenizer.encode(text).getCharTokenSpans();
        int end = 0;
        for (var span : spans) {
            if (span != null) {
                end = Math.max(end, span.getEnd());
            }
        }
        return text.substring(0, end);
    }

    /** Embeds texts as one batch, padded to the longest of them. */
    public Embeddings embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new Embeddings(new float[0][], new int[0]);
        }
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int batch = encodings.length;
        int length = 0;
        for (var encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
        }
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        int[] tokens = new int[batch];
        for (int b = 0; b < batch; b++) {
            var encodingIds = encodings[b].getIds();
            var encodingMask = encodings[b].getAttentionMask();
            var encodingTypes = encodings[b].getTypeIds();
            System.arraycopy(encodingIds, 0, ids, b * length, encodingIds.length);
            System.arraycopy(encodingMask, 0, mask, b * length, encodingMask.length);
            System.arraycopy(encodingTypes, 0, types, b * length, encodingTypes.length);
            tokens[b] = encodingIds.length;
        }
        try {
            return new Embeddings(run(ids, mask, types, batch, length), tokens);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private float[][] run(long[] ids, long[] mask, long[] types, int batch, int length) throws OrtException {
        long[] shape = {batch, length};
        var inputs = new HashMap<String, OnnxTensor>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
            if (wantsTokenTypes) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
            }
            try (var result = session.run(inputs, Set.of(outputName))) {
                var hidden = (OnnxTensor) result.get(0);
                long[] hiddenShape = hidden.getInfo().getShape();
                int width = (int) hiddenShape[hiddenShape.length - 1];
                return pool(hidden.getFloatBuffer(), mask, batch, length, width);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Mean of the token vectors where the attention mask is 1, then scaled to unit length. */
    static float[][] pool(FloatBuffer hidden, long[] mask, int batch, int length, int width) {
        var vectors = new float[batch][width];
        for (int b = 0; b < batch; b++) {
            var sum = new double[width];
            int counted = 0;
            for (int t = 0; t < length; t++) {
                if (mask[b * length + t] == 0) {
                    continue;
                }
                counted++;
                int base = (b * length + t) * width;
                for (int d = 0; d < width; d++) {
                    sum[d] += hidden.get(base + d);
                }
            }
            double norm = 0;
            for (int d = 0; d < width; d++) {
                sum[d] /= Math.max(counted, 1);
                norm += sum[d] * sum[d];
            }
            // sentence-transformers' Normalize: divide by max(norm, 1e-12)
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int d = 0; d < width; d++) {
                vectors[b][d] = (float) (sum[d] / norm);
            }
        }
        return vectors;
    }

    private int probeDimensions() {
        return embed(List.of("dimensions")).vectors()[0].length;
    }

    /**
     * Whether a text's vector depends on the other texts of its batch. It does for dynamically
     * quantised models (the quantisation range is taken over the whole input tensor): the built-in
     * all-MiniLM-L6-v2 moves to a cosine of about 0.992 against the same text embedded alone.
     */
    private boolean probeBatchSensitivity() {
        var text = "How far is the moon from the earth?";
        var alone = embed(List.of(text)).vectors()[0];
        var together = embed(List.of(text, "Write a sorting function in Rust with unit tests.")).vectors()[0];
        double dot = 0;
        for (int d = 0; d < alone.length; d++) {
            dot += alone[d] * together[d];
        }
        return dot < 0.99999;
    }

    /** Whether batching texts together changes their vectors; see {@link #probeBatchSensitivity()}. */
    public boolean batchSensitive() {
        return batchSensitive;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing releases native memory; nothing more can be done if it fails
        }
        tokenizer.close();
    }
}
