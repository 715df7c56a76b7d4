package dev.warden.gateway.local;

import dev.warden.policy.OnnxModelSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads model files from the file system or, for {@code classpath:} locations, from the jar. */
final class ModelFiles {

    /** all-MiniLM-L6-v2, quantised, with its tokenizer: shipped in the jar. */
    static final String BUILT_IN_MODEL = "classpath:all-minilm-l6-v2-q.onnx";
    static final String BUILT_IN_TOKENIZER = "classpath:all-minilm-l6-v2-q-tokenizer.json";
    private static final String CLASSPATH = "classpath:";

    private ModelFiles() {
    }

    static OnnxEncoder load(OnnxModelSpec spec, int threads) {
        var model = spec.model().orElse(BUILT_IN_MODEL);
        var tokenizer = spec.tokenizer().orElse(BUILT_IN_TOKENIZER);
        try {
            return OnnxEncoder.load(read(model), read(tokenizer), spec.maxTokens(), threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the ONNX model " + model + ": " + e.getMessage(), e);
        }
    }

    static byte[] read(String location) throws IOException {
        if (location.startsWith(CLASSPATH)) {
            var name = location.substring(CLASSPATH.length());
            try (var in = ModelFiles.class.getClassLoader().getResourceAsStream(name.startsWith("/") ? name.substring(1) : name)) {
                if (in == null) {
                    throw new IOException(location + " is not on the class path");
                }
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(Path.of(location));
    }
}
