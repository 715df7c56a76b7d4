package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.HttpException;
import org.springframework.stereotype.Component;

/** Sends prepared requests with each provider's own pooled client. */
@Component
public class UpstreamCalls {

    private final ProviderClients clients;

    UpstreamCalls(ProviderClients clients) {
        this.clients = clients;
    }

    /**
     * Sends a request and returns the response once its head has arrived, body unread.
     *
     * @throws UpstreamFailure when no response arrived
     */
    public UpstreamResponse open(ProviderSpec provider, HttpUriRequestBase request) throws UpstreamFailure {
        try {
            // The minimal client takes the target host from the caller, not from the request's URI.
            var target = RoutingSupport.determineHost(request);
            return UpstreamResponse.open(request, clients.clientFor(provider).executeOpen(target, request, null));
        } catch (HttpException e) {
            throw UpstreamFailure.classify(provider.name(), new ClientProtocolException(e));
        } catch (IOException e) {
            throw UpstreamFailure.classify(provider.name(), e);
        }
    }
}
