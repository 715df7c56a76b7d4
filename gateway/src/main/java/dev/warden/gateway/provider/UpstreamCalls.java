package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * Sends prepared requests with each provider's own pooled client. A whole answer is read under
 * the socket timeout of its provider's pool; a stream's reads are watched by the
 * {@link StallWatch} instead, with the same limit, since a stream waits for every chunk.
 */
@Component
public class UpstreamCalls {

    /**
     * No socket timeout for this call. The pool sets its own again on every lease, so the next
     * call on the same connection has its limit back.
     */
    private static final RequestConfig WATCHED = RequestConfig.custom().setResponseTimeout(Timeout.DISABLED).build();

    private final ProviderClients clients;
    private final StallWatch stalls;

    UpstreamCalls(ProviderClients clients, StallWatch stalls) {
        this.clients = clients;
        this.stalls = stalls;
    }

    /**
     * Sends a request and returns the response once its head has arrived, body unread.
     *
     * @throws UpstreamFailure when no response arrived
     */
    public UpstreamResponse open(ProviderSpec provider, HttpUriRequestBase request) throws UpstreamFailure {
        try {
            return UpstreamResponse.open(request, execute(provider, request), null);
        } catch (IOException e) {
            throw UpstreamFailure.classify(provider.name(), e);
        }
    }

    /**
     * Like {@link #open}, for a stream: reads of its body are watched. The wait for its response
     * head has no read limit here; the caller bounds it by the stream's first-event limit (and
     * every call by its total limit), which is the limit a stream's first bytes are meant to have.
     */
    public UpstreamResponse openStream(ProviderSpec provider, HttpUriRequestBase request) throws UpstreamFailure {
        request.setConfig(WATCHED);
        try {
            var response = execute(provider, request);
            return UpstreamResponse.open(request, response, stalls.start(provider.timeouts().read(), request::cancel));
        } catch (IOException e) {
            throw UpstreamFailure.classify(provider.name(), e);
        }
    }

    private ClassicHttpResponse execute(ProviderSpec provider, HttpUriRequestBase request)
            throws IOException {
        try {
            // The minimal client takes the target host from the caller, not from the request's URI.
            var target = RoutingSupport.determineHost(request);
            return clients.clientFor(provider).executeOpen(target, request, null);
        } catch (HttpException e) {
            throw new ClientProtocolException(e);
        }
    }
}
