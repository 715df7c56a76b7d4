package dev.warden.gateway.provider.gemini;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The paths of Gemini's {@code generateContent} endpoints, below the API's base URL (for example
 * {@code https://generativelanguage.googleapis.com/v1beta}).
 *
 * <p>Gemini takes the model in the path, not in the body, and the API key in the
 * {@code x-goog-api-key} header rather than as a bearer token: a key in the URL's {@code key}
 * parameter would end up in access logs.
 */
public final class GeminiEndpoints {

    private static final String MODELS_PREFIX = "models/";

    private GeminiEndpoints() {
    }

    /**
     * The path for one call to a model.
     *
     * @param model  the model, with or without Gemini's {@code models/} prefix
     * @param stream whether to stream: {@code :streamGenerateContent?alt=sse}, which sends server-sent
     *               events, rather than {@code :generateContent}
     * @throws IllegalArgumentException when the model is blank
     */
    public static String path(String model, boolean stream) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank");
        }
        var name = model.startsWith(MODELS_PREFIX) ? model.substring(MODELS_PREFIX.length()) : model;
        if (name.isBlank()) {
            throw new IllegalArgumentException("model must name a model after '" + MODELS_PREFIX + "'");
        }
        // URLEncoder encodes for forms; a path segment wants %20, not +, for a space.
        var segment = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return "/models/" + segment + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }
}
