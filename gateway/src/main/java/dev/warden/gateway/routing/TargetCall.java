package dev.warden.gateway.routing;

import dev.warden.gateway.provider.CanonicalRequest;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.gateway.provider.InProcessAdapter;
import dev.warden.gateway.provider.ProviderAdapter;
import dev.warden.gateway.provider.SseEvent;
import dev.warden.gateway.provider.SseEvents;
import dev.warden.gateway.provider.UpstreamCalls;
import dev.warden.gateway.provider.UpstreamFailure;
import dev.warden.gateway.provider.UpstreamResponse;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.Target;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * One call to one target, judged: answered (a 2xx and, for a stream, a first event; or a 4xx that
 * is the client's own problem), or failed in a way worth retrying (no connection, timeout, 429,
 * 5xx, a stream that broke before its first event).
 */
@Component
class TargetCall {

    private final UpstreamCalls calls;
    static final Function<Duration, String> TOTAL_LIMIT = limit -> "the total time limit of " + limit.toSeconds() + " s";
    static final Function<Duration, String> FIRST_EVENT_LIMIT = limit -> "no first event within " + limit.toMillis() + " ms";

    private final Deadlines deadlines;

    TargetCall(UpstreamCalls calls, Deadlines deadlines) {
        this.calls = calls;
        this.deadlines = deadlines;
    }

    sealed interface Result permits Answered, Failed {
    }

    record Answered(UpstreamResponse response, SseEvents events, SseEvent firstEvent, Deadlines.Deadline total) implements Result {
    }

    /** A retryable failure; {@code response} is the upstream's error response, still open, when there was one. */
    record Failed(int status, String error, UpstreamFailure.Kind kind, Duration retryAfter, UpstreamResponse response) implements Result {
    }

    Result call(ProviderSpec provider, ProviderAdapter adapter, Target target, Endpoint endpoint, CanonicalRequest request,
                String apiKey) {
        if (adapter instanceof InProcessAdapter local) {
            return inProcess(provider, local, target, endpoint, request);
        }
        var http = adapter.request(provider, target, endpoint, request, apiKey);
        var timeouts = provider.timeouts();
        var total = deadlines.after(timeouts.total(), TOTAL_LIMIT, http::cancel);
        var first = request.stream() ? deadlines.after(timeouts.firstToken(), FIRST_EVENT_LIMIT, http::cancel) : null;
        try {
            var response = request.stream() ? calls.openStream(provider, http) : calls.open(provider, http);
            int status = response.status();
            if (status == 429 || status >= 500) {
                cancel(total, first);
                return judged(response, total);
            }
            if (status >= 300 || !request.stream()) {
                return judged(response, total);
            }
            return firstEvent(response, first, total);
        } catch (UpstreamFailure failure) {
            cancel(total, first);
            return failed(failure, total, first);
        }
    }

    /** A response with its head (a whole answer's, or a stream's that is not a 2xx): answered, or failed worth retrying. */
    static Result judged(UpstreamResponse response, Deadlines.Deadline total) {
        int status = response.status();
        if (status == 429 || status >= 500) {
            return new Failed(status, "status " + status, null, Backoff.retryAfter(response.header("Retry-After")), response);
        }
        return new Answered(response, null, null, total);
    }

    /** An in-process answer needs no timer: the adapter itself waits at most the total time limit. */
    private static Result inProcess(ProviderSpec provider, InProcessAdapter adapter, Target target, Endpoint endpoint,
                                    CanonicalRequest request) {
        try {
            return new Answered(adapter.answer(provider, target, endpoint, request, provider.timeouts().total()), null, null, null);
        } catch (UpstreamFailure failure) {
            return new Failed(0, failure.getMessage(), failure.kind(), null, null);
        }
    }

    private Result firstEvent(UpstreamResponse response, Deadlines.Deadline first, Deadlines.Deadline total) {
        try {
            var events = new SseEvents(response.body());
            var event = events.next();
            first.cancel();
            var fault = firstEventFault(event);
            if (fault != null) {
                response.abort();
                total.cancel();
                return new Failed(0, fault, UpstreamFailure.Kind.BROKEN, null, null);
            }
            return new Answered(response, events, event, total);
        } catch (IOException e) {
            response.abort();
            cancel(total, first);
            return failed(UpstreamFailure.classify("upstream", e), total, first);
        }
    }

    /** Why a stream's first event (null: the stream ended before one) does not make it answered, or null when it does. */
    static String firstEventFault(SseEvent event) {
        if (event == null) {
            return "the stream ended before its first event";
        }
        if ("error".equals(event.event()) || event.data().startsWith("{\"error\"")) {
            return "the stream began with an error: " + abbreviate(event.data());
        }
        return null;
    }

    private static Failed failed(UpstreamFailure failure, Deadlines.Deadline total, Deadlines.Deadline first) {
        if (first != null && first.expired()) {
            return new Failed(0, first.what(), UpstreamFailure.Kind.TIMEOUT, null, null);
        }
        if (total.expired()) {
            return new Failed(0, total.what(), UpstreamFailure.Kind.TIMEOUT, null, null);
        }
        return new Failed(0, failure.getMessage(), failure.kind(), null, null);
    }

    private static void cancel(Deadlines.Deadline total, Deadlines.Deadline first) {
        total.cancel();
        if (first != null) {
            first.cancel();
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
