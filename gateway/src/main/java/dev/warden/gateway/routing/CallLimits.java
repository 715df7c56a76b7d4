package dev.warden.gateway.routing;

import dev.warden.gateway.provider.LoopUpstream;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.policy.ProviderSpec;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoopDispatcher} attempt's time limits, timers on its loop: the total, which for a
 * stream that is answered runs on until its relay ends, and a stream's time to its first event.
 * Each cancels the call as it expires, and is then named as the attempt's failure. Used on the
 * loop only.
 */
final class CallLimits {

    private final ProviderSpec provider;
    private final Duration totalLimit;
    private final Duration firstLimit;
    private final ScheduledFuture<?> total;
    private final ScheduledFuture<?> first;
    private boolean totalExpired;
    private boolean firstExpired;

    CallLimits(EventLoop loop, ProviderSpec provider, LoopUpstream.Call call, boolean stream) {
        this.provider = provider;
        this.totalLimit = provider.timeouts().total();
        this.firstLimit = provider.timeouts().firstToken();
        total = loop.schedule(() -> {
            totalExpired = true;
            call.cancel(TargetCall.TOTAL_LIMIT.apply(totalLimit));
        }, totalLimit.toMillis(), TimeUnit.MILLISECONDS);
        first = !stream ? null : loop.schedule(() -> {
            firstExpired = true;
            call.cancel(TargetCall.FIRST_EVENT_LIMIT.apply(firstLimit));
        }, firstLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The stream's first event came: only the total limit runs on. */
    void cancelFirst() {
        if (first != null) {
            first.cancel(false);
        }
    }

    void cancel() {
        total.cancel(false);
        cancelFirst();
    }

    /** The attempt's failure, named by the limit that cancelled it, if one did. */
    TargetCall.Failed failed(Throwable failure) {
        if (firstExpired) {
            return new TargetCall.Failed(0, TargetCall.FIRST_EVENT_LIMIT.apply(firstLimit), UpstreamFailure.Kind.TIMEOUT, null, null);
        }
        if (totalExpired) {
            return new TargetCall.Failed(0, TargetCall.TOTAL_LIMIT.apply(totalLimit), UpstreamFailure.Kind.TIMEOUT, null, null);
        }
        var cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
        var upstreamFailure = cause instanceof UpstreamFailure known ? known
                : cause instanceof IOException io ? UpstreamFailure.classify(provider.name(), io)
                : new UpstreamFailure(UpstreamFailure.Kind.BROKEN, String.valueOf(cause), cause);
        return new TargetCall.Failed(0, upstreamFailure.getMessage(), upstreamFailure.kind(), null, null);
    }
}
