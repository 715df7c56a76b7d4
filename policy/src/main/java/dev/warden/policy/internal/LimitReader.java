package dev.warden.policy.internal;

import dev.warden.policy.LimitSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a {@code kind: Limit} document. */
final class LimitReader {

    private static final Set<String> FIELDS = Set.of("scope", "match", "window", "requests", "tokens", "costUsd", "concurrent",
            "onOutage", "unpriced");

    private LimitReader() {
    }

    static Optional<LimitSpec> read(SpecReader reader, CelConditions conditions) {
        var spec = reader.document().spec();
        reader.allowOnly(spec, "spec", FIELDS);
        var scope = reader.requiredText(spec, "spec", "scope").flatMap(text -> choice(reader, "scope", text, LimitSpec.Scope.class));
        var window = reader.requiredText(spec, "spec", "window").flatMap(text -> choice(reader, "window", text, LimitSpec.Window.class));
        var match = reader.text(spec, "spec", "match");
        match.ifPresent(expression -> conditions.check(reader, "spec.match", expression));
        var requests = reader.count(spec, "spec", "requests");
        var tokens = reader.count(spec, "spec", "tokens");
        var cost = reader.amount(spec, "spec", "costUsd");
        var concurrent = reader.count(spec, "spec", "concurrent");
        if (requests.isEmpty() && tokens.isEmpty() && cost.isEmpty() && concurrent.isEmpty()) {
            reader.problem("spec", "a limit needs at least one of requests, tokens, costUsd, concurrent");
            return Optional.empty();
        }
        if (scope.isEmpty() || window.isEmpty()) {
            return Optional.empty();
        }
        var outage = reader.text(spec, "spec", "onOutage").flatMap(text -> choice(reader, "onOutage", text, LimitSpec.Outage.class))
                .orElse(LimitSpec.Outage.CLOSED);
        var unpriced = reader.text(spec, "spec", "unpriced").flatMap(text -> choice(reader, "unpriced", text, LimitSpec.Unpriced.class))
                .orElse(LimitSpec.Unpriced.DENY);
        return Optional.of(new LimitSpec(reader.document().name(), scope.get(), match, window.get(), optional(requests),
                optional(tokens), cost, optional(concurrent), outage, unpriced));
    }

    static <E extends Enum<E>> Optional<E> choice(SpecReader reader, String field, String text, Class<E> type) {
        try {
            return Optional.of(Enum.valueOf(type, text.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            reader.problem("spec." + field, "'" + field + "' must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", got '" + text + "'");
            return Optional.empty();
        }
    }

    private static OptionalLong optional(Optional<Long> value) {
        return value.map(OptionalLong::of).orElse(OptionalLong.empty());
    }
}
