package dev.warden.gateway.routing;

import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseEvents;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.Target;

/**
 * The target that answered a request, its open response, and for a stream the events reader
 * with the first event already read (so that a stream that fails before its first event could
 * still fall back). Closing it ends the call's deadline and returns or drops the connection.
 */
public record Dispatch(Target target, ProviderSpec provider, ProviderAdapter adapter, UpstreamResponse response,
                       boolean fallback, SseEvents events, SseEvent firstEvent, Deadlines.Deadline total)
        implements AutoCloseable {

    /** Whether the call's total time limit expired (and cancelled it). */
    public boolean timedOut() {
        return total != null && total.expired();
    }

    @Override
    public void close() {
        if (total != null) {
            total.cancel();
        }
        response.close();
    }
}
