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
import dev.warden.gateway.api.RequestLoop;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
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
    private final boolean recordWaitsForDisk;

    /**
     * @param recordWaitsForDisk whether closing an exchange waits for its record to be on disk
     *                           (strict durability): a request begun on a loop is then closed on a worker
     */
    ModelExchanges(List<ModelEndpoint> endpoints, Exchanges exchanges, ApiKeys keys, GatewayFailures failures, long maxBodyBytes,
                   boolean recordWaitsForDisk) {
        this.endpoints = endpoints.stream().collect(Collectors.toUnmodifiableMap(ModelEndpoint::path, Function.identity()));
        this.exchanges = exchanges;
        this.keys = keys;
        this.failures = failures;
        this.maxBodyBytes = maxBodyBytes;
        this.recordWaitsForDisk = recordWaitsForDisk;
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
        Throwable failure = null;
        try {
            authenticate(request, oversized);
            endpoint.serve(request, response);
        } catch (RuntimeException | IOException e) {
            failure = e;
        }
        finish(request, response, failure);
    }

    /**
     * {@link #serve} begun on the connection's event loop ({@link ModelEndpoint#serveOnLoop}):
     * {@code done} runs once the response has ended, on the loop or on the worker that ended it.
     * In strict durability, where closing the exchange waits for its record to be on disk, the
     * close and the response's end run on a worker, so that the loop never waits for the disk
     * and the response still ends only once its record is there.
     */
    void serveOnLoop(ModelEndpoint endpoint, Channel channel, FullHttpRequest message, String path, boolean keepAlive,
                     boolean oversized, Executor workers, Runnable done) {
        var exchange = exchanges.open(path);
        var response = new ChannelResponse(channel, keepAlive, HttpVersion.HTTP_1_0.equals(message.protocolVersion()));
        response.header(Exchange.HEADER_DECISION_ID, exchange.id().toString());
        var request = new ChannelRequest(exchange, message, path);
        CompletableFuture<Void> served;
        try {
            authenticate(request, oversized);
            served = endpoint.serveOnLoop(request, response, new RequestLoop(channel.eventLoop(), workers));
        } catch (RuntimeException | IOException e) {
            served = CompletableFuture.failedFuture(e);
        }
        BiConsumer<Void, Throwable> close = (ignored, failure) -> {
            try {
                finish(request, response, failure instanceof CompletionException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause() : failure);
            } finally {
                done.run();
            }
        };
        if (recordWaitsForDisk) {
            served.whenCompleteAsync(close, workers);
        } else {
            served.whenComplete(close);
        }
    }

    private void authenticate(ChannelRequest request, boolean oversized) {
        request.exchange().authenticated(keys.authenticate(request.header("Authorization"), request.header("x-api-key")));
        if (oversized) {
            throw GatewayException.tooLarge(maxBodyBytes);
        }
    }

    /** Writes a failure in the client's shape, closes the exchange into its record, then ends the response. */
    private void finish(ChannelRequest request, ChannelResponse response, Throwable failure) {
        var exchange = request.exchange();
        int status = 0;
        try {
            if (failure != null) {
                failures.write(failure, request, response);
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
