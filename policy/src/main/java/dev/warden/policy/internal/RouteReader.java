package dev.warden.policy.internal;

import dev.warden.policy.RetrySpec;
import dev.warden.policy.RouteSpec;
import dev.warden.policy.Target;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code kind: Route} document and checks that its targets name known providers. */
final class RouteReader {

    private static final Set<String> FIELDS = Set.of("targets", "retry");
    private static final Set<String> RETRY_FIELDS = Set.of("attempts", "backoff", "maxBackoff");
    private static final Set<String> TARGET_FIELDS = Set.of("provider", "model");

    private RouteReader() {
    }

    static Optional<RouteSpec> read(SpecReader reader, Map<String, ?> providers) {
        var spec = reader.document().spec();
        reader.allowOnly(spec, "spec", FIELDS);
        var targetsNode = spec.path("targets");
        if (!targetsNode.isArray() || targetsNode.isEmpty()) {
            reader.problem("spec.targets", "'targets' must be a non-empty list of {provider, model}");
            return Optional.empty();
        }
        var targets = new ArrayList<Target>();
        for (int i = 0; i < targetsNode.size(); i++) {
            var node = targetsNode.get(i);
            var path = "spec.targets[" + i + "]";
            if (!node.isObject()) {
                reader.problem(path, "each target must be a mapping with provider and model");
                continue;
            }
            reader.allowOnly(node, path, TARGET_FIELDS);
            var provider = reader.requiredText(node, path, "provider");
            var model = reader.requiredText(node, path, "model");
            provider.filter(name -> !providers.containsKey(name)).ifPresent(name ->
                    reader.problem(path + ".provider", "target refers to unknown provider '" + name + "' (known: "
                            + String.join(", ", providers.keySet()) + ")"));
            if (provider.isPresent() && model.isPresent()) {
                targets.add(new Target(provider.get(), model.get()));
            }
        }
        var retryNode = reader.object(spec, "spec", "retry");
        reader.allowOnly(retryNode, "spec.retry", RETRY_FIELDS);
        var defaults = RetrySpec.DEFAULT;
        var retry = new RetrySpec((int) Math.min(reader.count(retryNode, "spec.retry", "attempts").orElse((long) defaults.attempts()), 10),
                reader.duration(retryNode, "spec.retry", "backoff").orElse(defaults.backoff()),
                reader.duration(retryNode, "spec.retry", "maxBackoff").orElse(defaults.maxBackoff()));
        return targets.size() == targetsNode.size()
                ? Optional.of(new RouteSpec(reader.document().name(), targets, retry)) : Optional.empty();
    }
}
