package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.exchange.ClientRequest;
import dev.warden.policy.PolicyInput;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What policies see of an OpenAI-shaped request. */
public final class PolicyInputs {

    /** Credentials are never shown to policies. */
    private static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "x-api-key", "cookie", "proxy-authorization");
    private static final int CHARS_PER_TOKEN = 4;

    private PolicyInputs() {
    }

    /**
     * @param intent      the request's intent, or null when it was not computed ({@code request.intent} is then "other")
     * @param withHeaders whether the policy reads headers ({@link dev.warden.policy.PolicyEngine#readsHeaders()});
     *                    when not, none are collected
     */
    public static PolicyInput of(ClientRequest request, Principal principal, String org, ObjectNode body,
                                 Map<String, String> labels, Instant now, PolicyInput.RouteStats routeStats, String intent,
                                 boolean withHeaders) {
        var messages = body.path("messages");
        long maxTokens = body.path("max_tokens").asLong(body.path("max_completion_tokens").asLong(0));
        return new PolicyInput(
                new PolicyInput.Principal(principal.keyId().toString(), principal.team(), principal.user(), org, List.of()),
                new PolicyInput.Request(request.path(), body.path("model").asText(""), body.path("stream").asBoolean(false),
                        labels, estimatedTokens(body), maxTokens, messages.isArray() ? messages.size() : 0, intent),
                withHeaders ? headers(request) : Map.of(), now, routeStats);
    }

    /**
     * A conservative estimate made before any tokenizer runs: one token per four characters of
     * text, rounded up, as OpenAI's guidance for English suggests.
     */
    static long estimatedTokens(ObjectNode body) {
        long chars = 0;
        for (var message : body.path("messages")) {
            chars += textLength(message.path("content"));
        }
        chars += textLength(body.path("input"));
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    private static long textLength(JsonNode content) {
        if (content.isTextual()) {
            return content.asText().length();
        }
        long length = 0;
        for (var part : content) {
            length += part.isTextual() ? part.asText().length() : part.path("text").asText("").length();
        }
        return length;
    }

    private static Map<String, String> headers(ClientRequest request) {
        var headers = new HashMap<String, String>();
        for (var name : request.headerNames()) {
            var lower = name.toLowerCase(Locale.ROOT);
            if (!HIDDEN_HEADERS.contains(lower)) {
                headers.put(lower, request.header(name));
            }
        }
        return headers;
    }
}
