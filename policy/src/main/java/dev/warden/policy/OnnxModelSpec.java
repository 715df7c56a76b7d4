package dev.warden.policy;

import java.util.Optional;

/**
 * The model an {@code onnx} provider runs in-process.
 *
 * @param model     where the ONNX encoder is: a file path, or {@code classpath:name}; empty for the
 *                  built-in all-MiniLM-L6-v2
 * @param tokenizer the HuggingFace {@code tokenizer.json} that goes with it, given exactly when
 *                  {@code model} is
 * @param maxTokens inputs are truncated to this many tokens, as sentence-transformers does
 */
public record OnnxModelSpec(Optional<String> model, Optional<String> tokenizer, int maxTokens) {

    /** sentence-transformers' max_seq_length for all-MiniLM-L6-v2. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    public static final OnnxModelSpec BUILT_IN = new OnnxModelSpec(Optional.empty(), Optional.empty(), DEFAULT_MAX_TOKENS);

    public boolean builtIn() {
        return model.isEmpty();
    }
}
