package dev.warden.gateway.provider;

/** The kinds of call the gateway makes, in OpenAI's terms. */
public enum Endpoint {
    CHAT("/chat/completions"),
    EMBEDDINGS("/embeddings");

    private final String openAiPath;

    Endpoint(String openAiPath) {
        this.openAiPath = openAiPath;
    }

    /** The path below an OpenAI-style base URL. */
    public String openAiPath() {
        return openAiPath;
    }
}
