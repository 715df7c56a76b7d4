package dev.warden.policy;

import java.util.Arrays;
import java.util.Optional;

/** The wire protocol a provider speaks. */
public enum ProviderType {
    OPENAI("openai"),
    OPENAI_COMPATIBLE("openai-compatible"),
    AZURE_OPENAI("azure-openai"),
    ANTHROPIC("anthropic"),
    GEMINI("gemini"),
    ONNX("onnx");

    private final String wireName;

    ProviderType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used for this type in policy files. */
    public String wireName() {
        return wireName;
    }

    public static Optional<ProviderType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }

    /** Whether the gateway speaks OpenAI's chat-completions protocol to this provider. */
    public boolean speaksOpenAi() {
        return this == OPENAI || this == OPENAI_COMPATIBLE;
    }
}
