package dev.warden.gateway.provider;

import dev.warden.policy.ProviderSpec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.RoutingSupport;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Sends prepared requests with each provider's own pooled clients. A stream's read limit is kept
 * by the {@link StallWatch}, not by a socket timeout: on a virtual thread a read with a timeout
 * schedules and cancels a timer in the JDK's shared delayed-task scheduler (under its lock)
 * whenever it has to wait, which a stream does for every chunk. A whole answer is read by the
 * async client's reactor, which keeps the read limit itself.
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
    private final long maxAnswerBytes;

    /**
     * @param maxAnswer the most of a whole answer kept in memory: the gateway's largest relayed
     *                  response ({@code warden.gateway.max-response-size}), which reading it checks
     */
    UpstreamCalls(ProviderClients clients, StallWatch stalls, @Value("${warden.gateway.max-response-size:64MB}") DataSize maxAnswer) {
        this.clients = clients;
        this.stalls = stalls;
        this.maxAnswerBytes = maxAnswer.toBytes();
    }

    /**
     * Sends a request and returns its whole answer, read by the provider's async client (see
     * {@link ProviderClients#asyncClientFor}). The provider's read limit bounds every wait for the
     * upstream's next bytes, the wait for the head included: the upstream computing a whole answer
     * sends nothing until it is done, which is what the read limit bounds. Cancelling
     * {@code request} (the call's deadlines do) cancels the call. A body that breaks off after the
     * head arrived fails when it is read, as a blocking read of it would.
     *
     * @throws UpstreamFailure when no response arrived
     */
    public UpstreamResponse open(ProviderSpec provider, HttpUriRequestBase request) throws UpstreamFailure {
        var read = provider.timeouts().read();
        var context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(read)).build());
        var answer = new WholeAnswer(maxAnswerBytes);
        var call = clients.asyncClientFor(provider).execute(new BasicRequestProducer(request, entityOf(request)), answer, null,
                context, null);
        request.setDependency(() -> call.cancel(true));
        try {
            return UpstreamResponse.open(request, call.get(), null);
        } catch (ExecutionException e) {
            var failure = ioFailure(e.getCause(), read);
            if (answer.headArrived()) {
                return UpstreamResponse.open(request, answer.brokenAfterHead(failure), null);
            }
            throw UpstreamFailure.classify(provider.name(), failure);
        } catch (CancellationException e) {
            var cancelled = new InterruptedIOException("the call was cancelled");
            if (answer.headArrived()) {
                return UpstreamResponse.open(request, answer.brokenAfterHead(cancelled), null);
            }
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "provider '" + provider.name() + "' failed: the call was cancelled", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "provider '" + provider.name() + "' failed: interrupted", e);
        }
    }

    private static AsyncEntityProducer entityOf(HttpUriRequestBase request) throws UpstreamFailure {
        var entity = request.getEntity();
        if (entity == null) {
            return null;
        }
        try {
            return AsyncEntityProducers.create(EntityUtils.toByteArray(entity), ContentType.parseLenient(entity.getContentType()));
        } catch (IOException e) {
            throw new UpstreamFailure(UpstreamFailure.Kind.BROKEN, "the request body could not be read: " + e.getMessage(), e);
        }
    }

    /** The call's failure as the blocking client would have thrown it; its read limit's in the stall watch's words. */
    private static IOException ioFailure(Throwable cause, Duration read) {
        return switch (cause) {
            case SocketTimeoutException timeout -> withCause(new SocketTimeoutException(StallWatch.silence(read)), timeout);
            case IOException io -> io;
            case HttpException protocol -> new ClientProtocolException(protocol);
            default -> new IOException(cause);
        };
    }

    private static <T extends Throwable> T withCause(T failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
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
