package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
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
            return UpstreamResponse.open(request, clients.clientFor(provider).executeOpen(null, request, null));
        } catch (IOException e) {
            throw UpstreamFailure.classify(provider.name(), e);
        }
    }
}
