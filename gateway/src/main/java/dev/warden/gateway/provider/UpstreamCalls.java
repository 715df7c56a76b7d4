package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.HttpException;
import org.springframework.stereotype.Component;

/**
 * Sends prepared requests with each provider's own pooled client. The provider's read limit is
 * kept by the {@link StallWatch}, not by a socket timeout: on a virtual thread a read with a
 * timeout schedules and cancels a timer in the JDK's shared delayed-task scheduler (under its
 * lock) whenever it has to wait, which a stream does for every chunk and a whole answer for its
 * response head.
 */
@Component
public class UpstreamCalls {

    private final ProviderClients clients;
    private final StallWatch stalls;
    private final ProviderPermits permits;

    UpstreamCalls(ProviderClients clients, StallWatch stalls, ProviderPermits permits) {
        this.clients = clients;
        this.stalls = stalls;
        this.permits = permits;
    }

    /**
     * Sends a request and returns the response once its head has arrived, body unread. The wait
     * for the head counts as one read: the upstream computing a whole answer sends nothing until
     * it is done, which is what the read limit bounds. A wait for the provider's permit
     * ({@link ProviderPermits}) comes first and is not a read.
     *
     * @throws UpstreamFailure when no response arrived
     */
    public UpstreamResponse open(ProviderSpec provider, HttpUriRequestBase request) throws UpstreamFailure {
        return withPermit(provider, request, release -> {
            var watch = stalls.start(provider.timeouts().read(), request::cancel);
            ClassicHttpResponse response = null;
            watch.readStarts();
            try {
                response = execute(provider, request);
            } catch (IOException e) {
                throw UpstreamFailure.classify(provider.name(), watch.explain(e));
            } finally {
                watch.readEnds();
                if (response == null) {
                    watch.end(); // whatever went wrong, a call that never opened is not watched
                }
            }
            return UpstreamResponse.open(request, response, watch, release);
        });
    }

    /**
     * Like {@link #open}, for a stream: reads of its body are watched. The wait for its response
     * head has no read limit here; the caller bounds it by the stream's first-event limit (and
     * every call by its total limit), which is the limit a stream's first bytes are meant to have.
     */
    public UpstreamResponse openStream(ProviderSpec provider, HttpUriRequestBase request) throws UpstreamFailure {
        return withPermit(provider, request, release -> {
            try {
                return UpstreamResponse.open(request, execute(provider, request),
                        stalls.start(provider.timeouts().read(), request::cancel), release);
            } catch (IOException e) {
                throw UpstreamFailure.classify(provider.name(), e);
            }
        });
    }

    /** Opens a response that holds one of the provider's permits until it is closed. */
    @FunctionalInterface
    private interface Opening {
        /** @param release gives the permit back; the response runs it as it closes */
        UpstreamResponse open(Runnable release) throws UpstreamFailure;
    }

    /** Takes the provider's permit, then opens; a call that opened nothing gives it back at once. */
    private UpstreamResponse withPermit(ProviderSpec provider, HttpUriRequestBase request, Opening opening) throws UpstreamFailure {
        takePermit(provider, request);
        UpstreamResponse opened = null;
        try {
            opened = opening.open(() -> permits.give(provider));
            return opened;
        } finally {
            if (opened == null) {
                permits.give(provider);
            }
        }
    }

    private ClassicHttpResponse execute(ProviderSpec provider, HttpUriRequestBase request) throws IOException {
        try {
            return clients.send(provider, RoutingSupport.determineHost(request), request);
        } catch (ConnectionRequestTimeoutException e) {
            throw allInUse(provider, e);
        } catch (HttpException e) {
            throw new ClientProtocolException(e);
        }
    }

    /**
     * Takes a permit for the call, waiting no longer than the connect limit. The call's deadlines
     * cancel its request, which ends this wait too, as it ends a wait for the pool's connection.
     */
    private void takePermit(ProviderSpec provider, HttpUriRequestBase request) throws UpstreamFailure {
        request.setDependency(() -> {
            permits.wake(provider);
            return true;
        });
        boolean taken;
        try {
            taken = permits.take(provider, provider.timeouts().connect(), request::isCancelled);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the call was interrupted while waiting for a connection", e);
        }
        if (request.isCancelled()) {
            if (taken) {
                permits.give(provider);
            }
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the call was cancelled while waiting for a connection", null);
        }
        if (!taken) {
            throw allInUse(provider, null);
        }
    }

    /** Nothing was sent: the route may fall back at once, as from a provider it cannot reach. */
    private static UpstreamFailure allInUse(ProviderSpec provider, Exception cause) {
        return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, "provider '" + provider.name() + "' has all "
                + provider.maxConnections() + " of its connections (maxConnections) in use, and none came free within "
                + provider.timeouts().connect().toMillis() + " ms", cause);
    }
}
