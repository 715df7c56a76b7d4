package dev.warden.gateway.routing;

import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.Target;

/** The target that answered a request, and its response, still open. */
public record Dispatch(Target target, ProviderSpec provider, UpstreamResponse response) {
}
