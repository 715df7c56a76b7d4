package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.policy.Locality;
import dev.warden.policy.RedactionPattern;
import dev.warden.policy.RuleAction;
import dev.warden.policy.RuleMode;
import dev.warden.policy.RuleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a {@code kind: Rule} document: its condition, its action and that action's own fields. */
final class RuleReader {

    /** Each action and the one spec field it takes (deny's message is optional). */
    private static final Map<String, String> ACTION_FIELDS = Map.of("deny", "message", "route", "route", "redact", "redact",
            "require", "require", "label", "labels", "coach", "instruction", "audit", "flags", "record", "record");
    private static final Set<String> FIELDS = Set.of("when", "action", "mode", "message", "route", "redact", "require",
            "labels", "instruction", "flags", "record");
    private static final long MAX_RECORDED_BYTES = 1024 * 1024;
    private static final Set<String> BUILTINS = Set.of("email", "secret", "card");

    private RuleReader() {
    }

    static Optional<RuleSpec> read(SpecReader reader, CelConditions conditions, Set<String> routes) {
        var spec = reader.document().spec();
        reader.allowOnly(spec, "spec", FIELDS);
        var when = reader.text(spec, "spec", "when");
        when.ifPresent(expression -> conditions.check(reader, "spec.when", expression));
        var mode = reader.text(spec, "spec", "mode").flatMap(text -> LimitReader.choice(reader, "mode", text, RuleMode.class))
                .orElse(RuleMode.ENFORCE);
        var actionName = reader.requiredText(spec, "spec", "action");
        if (actionName.isEmpty()) {
            return Optional.empty();
        }
        if (!ACTION_FIELDS.containsKey(actionName.get())) {
            reader.problem("spec.action", "unknown action '" + actionName.get() + "' (expected one of "
                    + String.join(", ", ACTION_FIELDS.keySet().stream().sorted().toList()) + ")");
            return Optional.empty();
        }
        rejectOtherActionsFields(reader, spec, actionName.get());
        return action(reader, spec, actionName.get(), routes)
                .map(action -> new RuleSpec(reader.document().name(), when, action, mode));
    }

    private static void rejectOtherActionsFields(SpecReader reader, JsonNode spec, String action) {
        ACTION_FIELDS.forEach((other, field) -> {
            if (!other.equals(action) && !field.equals(ACTION_FIELDS.get(action)) && reader.present(spec, field)) {
                reader.problem("spec." + field + "#key", "'" + field + "' belongs to action " + other + ", not " + action);
            }
        });
    }

    private static Optional<RuleAction> action(SpecReader reader, JsonNode spec, String action, Set<String> routes) {
        var field = ACTION_FIELDS.get(action);
        if (!action.equals("deny") && !reader.present(spec, field)) {
            reader.problem("spec", "action " + action + " needs '" + field + "'");
            return Optional.empty();
        }
        return switch (action) {
            case "deny" -> Optional.of(new RuleAction.Deny(reader.text(spec, "spec", "message")
                    .orElse("Denied by policy rule '" + reader.document().name() + "'.")));
            case "route" -> routeTo(reader, reader.object(spec, "spec", "route"), routes);
            case "redact" -> redact(reader, reader.object(spec, "spec", "redact"));
            case "require" -> require(reader, reader.object(spec, "spec", "require"));
            case "label" -> Optional.of(new RuleAction.Label(reader.labels(spec, "spec", "labels")));
            case "coach" -> reader.text(spec, "spec", "instruction").map(RuleAction.Coach::new);
            case "record" -> record(reader, reader.object(spec, "spec", "record"));
            default -> Optional.of(new RuleAction.Audit(reader.strings(spec, "spec", "flags")));
        };
    }

    private static Optional<RuleAction> routeTo(SpecReader reader, JsonNode route, Set<String> routes) {
        reader.allowOnly(route, "spec.route", Set.of("to", "locality"));
        var to = reader.text(route, "spec.route", "to");
        var locality = reader.text(route, "spec.route", "locality")
                .flatMap(text -> LimitReader.choice(reader, "route.locality", text, Locality.class));
        if (to.isPresent() == reader.present(route, "locality")) {
            reader.problem("spec.route", "'route' needs exactly one of 'to' (a route's name) or 'locality' (local or frontier)");
            return Optional.empty();
        }
        if (to.isPresent() && !routes.contains(to.get())) {
            reader.problem("spec.route.to", "unknown route '" + to.get() + "'");
            return Optional.empty();
        }
        return to.isPresent() || locality.isPresent() ? Optional.of(new RuleAction.RouteTo(to, locality)) : Optional.empty();
    }

    private static Optional<RuleAction> redact(SpecReader reader, JsonNode redact) {
        reader.allowOnly(redact, "spec.redact", Set.of("builtins", "patterns"));
        var builtins = reader.strings(redact, "spec.redact", "builtins");
        builtins.stream().filter(name -> !BUILTINS.contains(name)).forEach(name ->
                reader.problem("spec.redact.builtins", "unknown builtin '" + name + "' (expected email, secret or card)"));
        var patterns = new ArrayList<RedactionPattern>();
        var patternNodes = redact.path("patterns");
        for (int i = 0; i < patternNodes.size(); i++) {
            var path = "spec.redact.patterns[" + i + "]";
            reader.allowOnly(patternNodes.get(i), path, Set.of("name", "regex"));
            var name = reader.requiredText(patternNodes.get(i), path, "name");
            var regex = reader.requiredText(patternNodes.get(i), path, "regex").filter(text -> compiles(reader, path, text));
            if (name.isPresent() && regex.isPresent()) {
                patterns.add(new RedactionPattern(name.get(), regex.get()));
            }
        }
        if (builtins.isEmpty() && patterns.isEmpty()) {
            reader.problem("spec.redact", "'redact' needs builtins or patterns");
            return Optional.empty();
        }
        return Optional.of(new RuleAction.Redact(builtins, patterns));
    }

    private static boolean compiles(SpecReader reader, String path, String regex) {
        try {
            Pattern.compile(regex);
            return true;
        } catch (PatternSyntaxException e) {
            reader.problem(path + ".regex", "the regex does not compile: " + e.getDescription() + " at index " + e.getIndex());
            return false;
        }
    }

    private static Optional<RuleAction> record(SpecReader reader, JsonNode record) {
        reader.allowOnly(record, "spec.record", Set.of("maxBytes"));
        long maxBytes = reader.count(record, "spec.record", "maxBytes").orElse(16_384L);
        if (maxBytes > MAX_RECORDED_BYTES) {
            reader.problem("spec.record.maxBytes", "'record.maxBytes' is at most " + MAX_RECORDED_BYTES);
            return Optional.empty();
        }
        return Optional.of(new RuleAction.Record((int) maxBytes));
    }

    private static Optional<RuleAction> require(SpecReader reader, JsonNode require) {
        reader.allowOnly(require, "spec.require", Set.of("labels", "headers"));
        var labels = reader.strings(require, "spec.require", "labels");
        List<String> headers = reader.strings(require, "spec.require", "headers").stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        if (labels.isEmpty() && headers.isEmpty()) {
            reader.problem("spec.require", "'require' needs labels or headers");
            return Optional.empty();
        }
        return Optional.of(new RuleAction.Require(labels, headers));
    }
}
