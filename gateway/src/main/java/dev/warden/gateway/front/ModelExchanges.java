package dev.warden.gateway.front;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.GatewayFailures;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.auth.ApiKeys;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.exchange.Exchanges;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Serves a model request the front read, on the request's own thread, as the servlet side's
 * filters and servlet do together: the exchange opened and its id sent back, the key checked,
 * the endpoint run, any failure written in the client's error shape, and the exchange closed into
 * its one decision record before the response ends (so that strict durability's promise holds:
 * the response is not over until the record is on disk).
 */
final class ModelExchanges {

    private final Map<String, ModelEndpoint> endpoints;
    private final Exchanges exchanges;
    private final ApiKeys keys;
    private final GatewayFailures failures;
    private final long maxBodyBytes;

    ModelExchanges(List<ModelEndpoint> endpoints, Exchanges exchanges, ApiKeys keys, GatewayFailures failures, long maxBodyBytes) {
        this.endpoints = endpoints.stream().collect(Collectors.toUnmodifiableMap(ModelEndpoint::path, Function.identity()));
        this.exchanges = exchanges;
        this.keys = keys;
        this.failures = failures;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The endpoint serving {@code POST} on the path, or null when the front leaves the path to the servlet side. */
    ModelEndpoint endpoint(String path) {
        return endpoints.get(path);
    }

    /**
     * @param oversized the body was over the limit and was not kept: the request is answered with
     *                  413, once its key is checked, as the servlet side answers it
     */
    void serve(ModelEndpoint endpoint, Channel channel, FullHttpRequest message, String path, boolean keepAlive, boolean oversized) {
        var exchange = exchanges.open(path);
        var response = new ChannelResponse(channel, keepAlive, HttpVersion.HTTP_1_0.equals(message.protocolVersion()));
        response.header(Exchange.HEADER_DECISION_ID, exchange.id().toString());
        var request = new ChannelRequest(exchange, message, path);
        int status = 0;
        try {
            try {
                exchange.authenticated(keys.authenticate(request.header("Authorization"), request.header("x-api-key")));
                if (oversized) {
                    throw GatewayException.tooLarge(maxBodyBytes);
                }
                endpoint.serve(request, response);
            } catch (RuntimeException | IOException e) {
                failures.write(e, request, response);
            }
            status = response.status();
        } catch (IOException | RuntimeException e) {
            status = 500;
            exchanges.failed(exchange, e);
            if (!response.committed()) {
                response.reset();
                response.status(500);
                response.header(Exchange.HEADER_DECISION_ID, exchange.id().toString());
            }
        } finally {
            exchanges.close(exchange, status);
            response.endOrClose();
        }
    }
}
