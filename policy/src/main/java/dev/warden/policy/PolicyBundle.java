package dev.warden.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, validated set of policy documents. The gateway holds one at a time and swaps it
 * atomically, so a request always sees one whole bundle.
 *
 * @param revision  a content hash of the bundle's files, recorded on every decision
 * @param providers providers by name
 * @param routes    routes by the model name clients ask for, in declaration order
 */
public record PolicyBundle(String revision, Map<String, ProviderSpec> providers, Map<String, RouteSpec> routes) {

    public PolicyBundle {
        providers = Map.copyOf(providers);
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    public Optional<RouteSpec> route(String model) {
        return Optional.ofNullable(routes.get(model));
    }

    public ProviderSpec provider(String name) {
        var provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("no provider named " + name);
        }
        return provider;
    }
}
