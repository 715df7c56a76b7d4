package dev.warden.gateway.front;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.api.GatewayFailures;
import dev.warden.gateway.api.ModelEndpoint;
import dev.warden.gateway.auth.ApiKeys;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.exchange.Exchanges;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import dev.warden.gateway.api.RequestLoop;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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

    /** nginx's status for a request whose client closed its connection before the response began. */
    static final int CLIENT_CLOSED_REQUEST = 499;

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
     * In strict durability the response ends only once its record is on disk, as in
     * {@link #serve}, but nothing waits for the disk: the decision log's sync thread completes
     * the wait and the response ends on the connection's loop.
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
        served.whenComplete((ignored, failure) -> {
            int status = 500;
            try {
                status = answerFailure(request, response, failure instanceof CompletionException wrapped
                        && wrapped.getCause() != null ? wrapped.getCause() : failure);
            } finally {
                closeThenEnd(exchange, status, response, channel.eventLoop(), done);
            }
        });
    }

    /**
     * Closes the exchange into its record and ends the response once the record is as durable as
     * promised; or, when a stop has recorded the request as cut off, closes the connection.
     */
    private void closeThenEnd(Exchange exchange, int status, ChannelResponse response, EventLoop loop, Runnable done) {
        CompletableFuture<Void> recorded;
        try {
            recorded = exchanges.closeWithoutWaiting(exchange, status);
        } catch (RuntimeException e) {
            end(response, done);
            throw e;
        }
        if (recorded == Exchanges.CUT_OFF) {
            try {
                response.cutOff();
            } finally {
                done.run();
            }
        } else if (recorded.isDone()) {
            end(response, done);
        } else {
            recorded.whenComplete((durable, never) -> onLoop(loop, () -> end(response, done)));
        }
    }

    private static void end(ChannelResponse response, Runnable done) {
        try {
            response.endOrClose();
        } finally {
            done.run();
        }
    }

    /** Runs the task on the loop, or here if the loop has stopped taking tasks, so that the response still ends. */
    private static void onLoop(EventLoop loop, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException stopped) {
            task.run();
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
        int status = 500;
        try {
            status = answerFailure(request, response, failure);
        } finally {
            if (exchanges.close(request.exchange(), status)) {
                response.endOrClose();
            } else {
                response.cutOff();
            }
        }
    }

    /**
     * Writes the failure, if any, in the client's shape, and returns the status the response
     * carries: 500 if writing the failure failed too, recorded as the gateway's own failure.
     */
    private int answerFailure(ChannelRequest request, ChannelResponse response, Throwable failure) {
        var exchange = request.exchange();
        try {
            if (failure != null) {
                failures.write(failure, request, response);
                if (response.isClientGone(failure) && !response.committed()) {
                    // No status reached the client: recorded as nginx logs such a request, not as the 200 never sent.
                    return CLIENT_CLOSED_REQUEST;
                }
            }
            return response.status();
        } catch (IOException | RuntimeException e) {
            exchanges.failed(exchange, e);
            if (!response.committed()) {
                response.reset();
                response.status(500);
                response.header(Exchange.HEADER_DECISION_ID, exchange.id().toString());
            }
            return 500;
        }
    }
}
