package dev.warden.gateway.auth;

import dev.warden.gateway.api.BearerToken;
import dev.warden.gateway.api.GatewayException;
import org.springframework.stereotype.Component;

/**
 * Who a gateway request comes from, by the API key it presents: {@code Authorization: Bearer
 * wk-...} (OpenAI SDKs) or {@code x-api-key: wk-...} (Anthropic SDKs), the first when both are
 * sent. Whichever HTTP layer serves the request ({@link ApiKeyFilter} for the servlet container's)
 * asks here, so that each refuses alike.
 */
@Component
public class ApiKeys {

    private final ApiKeyCache keys;

    ApiKeys(ApiKeyCache keys) {
        this.keys = keys;
    }

    /**
     * @param authorization the {@code Authorization} header's value, or null
     * @param apiKey        the {@code x-api-key} header's value, or null
     * @throws GatewayException a 401 when no key is presented, or the key is unknown or revoked
     */
    public Principal authenticate(String authorization, String apiKey) {
        var bearer = BearerToken.of(authorization);
        var key = bearer != null ? bearer : apiKey == null ? null : apiKey.strip();
        if (key == null) {
            throw GatewayException.unauthorized("Missing API key: send it as 'Authorization: Bearer wk-...'.");
        }
        return keys.authenticate(key).orElseThrow(() -> GatewayException.unauthorized(
                "Invalid API key: it is unknown or has been revoked."));
    }
}
