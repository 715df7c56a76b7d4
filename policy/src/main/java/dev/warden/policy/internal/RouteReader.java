package dev.warden.policy.internal;

import dev.warden.policy.RouteSpec;
import dev.warden.policy.Target;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code kind: Route} document and checks that its targets name known providers. */
final class RouteReader {

    private static final Set<String> FIELDS = Set.of("targets");
    private static final Set<String> TARGET_FIELDS = Set.of("provider", "model");

    private RouteReader() {
    }

    static Optional<RouteSpec> read(Document document, Map<String, ?> providers, Problems problems) {
        var reader = new SpecReader(document, problems);
        var spec = document.spec();
        reader.allowOnly(spec, "", FIELDS);
        var targetsNode = spec.path("targets");
        if (!targetsNode.isArray() || targetsNode.isEmpty()) {
            reader.problem("'targets' must be a non-empty list of {provider, model}");
            return Optional.empty();
        }
        var targets = new ArrayList<Target>();
        for (var node : targetsNode) {
            if (!node.isObject()) {
                reader.problem("each target must be a mapping with provider and model");
                continue;
            }
            reader.allowOnly(node, "targets[].", TARGET_FIELDS);
            var provider = reader.requiredText(node, "provider");
            var model = reader.requiredText(node, "model");
            provider.filter(name -> !providers.containsKey(name))
                    .ifPresent(name -> reader.problem("target refers to unknown provider '" + name + "'"));
            if (provider.isPresent() && model.isPresent()) {
                targets.add(new Target(provider.get(), model.get()));
            }
        }
        return targets.size() == targetsNode.size() ? Optional.of(new RouteSpec(document.name(), targets)) : Optional.empty();
    }
}
