package dev.warden.gateway.routing;

import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseEvents;
import dev.warden.gateway.provider.SseFeed;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.Target;

/**
 * The target that answered a request, its open response, and for a stream the first event already
 * read (so that a stream that fails before its first event could still fall back) and the rest:
 * {@code events} to read on a worker, or {@code feed} for a stream read on the event loop.
 * Closing it ends the call's total time limit and returns or drops the connection.
 */
public record Dispatch(Target target, ProviderSpec provider, ProviderAdapter adapter, UpstreamResponse response,
                       boolean fallback, SseEvents events, SseFeed feed, SseEvent firstEvent, Limit total)
        implements AutoCloseable {

    /** The call's total time limit, still running while its stream is relayed; null when none runs. */
    @FunctionalInterface
    public interface Limit {
        void cancel();
    }

    @Override
    public void close() {
        if (total != null) {
            total.cancel();
        }
        response.close();
    }
}
