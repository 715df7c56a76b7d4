package dev.warden.policy.internal;

import dev.cel.runtime.CelVariableResolver;
import dev.warden.policy.PolicyInput;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The values of every CEL variable for one request, computed once and shared by all conditions. */
public final class Activation implements CelVariableResolver {

    private final Map<String, Object> values = new HashMap<>(48);

    private Activation() {
    }

    public static Activation of(PolicyInput input, ZoneId zone) {
        var activation = new Activation();
        var values = activation.values;
        var principal = input.principal();
        values.put("principal.key", principal.key());
        values.put("principal.team", principal.team());
        values.put("principal.user", principal.user());
        values.put("principal.org", principal.org());
        values.put("principal.roles", principal.roles());
        var request = input.request();
        values.put("request.endpoint", request.endpoint());
        values.put("request.model", request.model());
        values.put("request.stream", request.stream());
        values.put("request.labels", request.labels());
        values.put("request.estimatedPromptTokens", request.estimatedPromptTokens());
        values.put("request.maxTokens", request.maxTokens());
        values.put("request.messageCount", request.messageCount());
        values.put("request.repo", request.repo());
        values.put("request.intent", request.intent());
        var time = input.time().atZone(zone);
        values.put("time.hour", (long) time.getHour());
        values.put("time.minute", (long) time.getMinute());
        values.put("time.weekday", time.getDayOfWeek().name().toLowerCase(Locale.ROOT));
        values.put("time.date", time.toLocalDate().toString());
        var route = input.routeStats();
        values.put("route.errorRate", route.errorRate());
        values.put("route.latencyP50Ms", route.latencyP50Ms());
        values.put("route.latencyP95Ms", route.latencyP95Ms());
        return activation;
    }

    /** The first of the keys the request carries no label for, or null when it has them all. */
    String missingLabel(List<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        var labels = (Map<?, ?>) values.get("request.labels");
        for (var key : keys) {
            if (!labels.containsKey(key)) {
                return key;
            }
        }
        return null;
    }

    /** A string variable's value, for index look-ups. */
    String string(String name) {
        return values.get(name) instanceof String text ? text : null;
    }

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
