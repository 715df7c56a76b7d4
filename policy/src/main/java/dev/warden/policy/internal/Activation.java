package dev.warden.policy.internal;

import dev.cel.runtime.CelVariableResolver;
import dev.warden.policy.PolicyInput;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The values of the CEL variables for one request, each read from the input when a condition asks
 * for it. Building all of them up front (a map of twenty entries, the time in the policy's zone
 * formatted three ways) cost about 2% of a request's CPU, and most bundles read a handful.
 */
public final class Activation implements CelVariableResolver {

    private final PolicyInput input;
    private final ZoneId zone;
    private ZonedDateTime time; // in the policy's zone, on first use; one request's thread reads it

    private Activation(PolicyInput input, ZoneId zone) {
        this.input = input;
        this.zone = zone;
    }

    public static Activation of(PolicyInput input, ZoneId zone) {
        return new Activation(input, zone);
    }

    /** The first of the keys the request carries no label for, or null when it has them all. */
    String missingLabel(List<String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        var labels = input.request().labels();
        for (var key : keys) {
            if (!labels.containsKey(key)) {
                return key;
            }
        }
        return null;
    }

    /** A string variable's value, for index look-ups. */
    String string(String name) {
        return value(name) instanceof String text ? text : null;
    }

    @Override
    public Optional<Object> find(String name) {
        return Optional.ofNullable(value(name));
    }

    private Object value(String name) {
        var principal = input.principal();
        var request = input.request();
        var route = input.routeStats();
        return switch (name) {
            case "principal.key" -> principal.key();
            case "principal.team" -> principal.team();
            case "principal.user" -> principal.user();
            case "principal.org" -> principal.org();
            case "principal.roles" -> principal.roles();
            case "request.endpoint" -> request.endpoint();
            case "request.model" -> request.model();
            case "request.stream" -> request.stream();
            case "request.labels" -> request.labels();
            case "request.estimatedPromptTokens" -> request.estimatedPromptTokens();
            case "request.maxTokens" -> request.maxTokens();
            case "request.messageCount" -> request.messageCount();
            case "request.repo" -> request.repo();
            case "request.intent" -> request.intent();
            case "time.hour" -> (long) time().getHour();
            case "time.minute" -> (long) time().getMinute();
            case "time.weekday" -> time().getDayOfWeek().name().toLowerCase(Locale.ROOT);
            case "time.date" -> time().toLocalDate().toString();
            case "route.errorRate" -> route.errorRate();
            case "route.latencyP50Ms" -> route.latencyP50Ms();
            case "route.latencyP95Ms" -> route.latencyP95Ms();
            default -> null;
        };
    }

    private ZonedDateTime time() {
        if (time == null) {
            time = input.time().atZone(zone);
        }
        return time;
    }
}
