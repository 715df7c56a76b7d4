package dev.warden.gateway.quota;

import dev.warden.policy.LimitSpec;
import dev.warden.gateway.exchange.ClientResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * OpenAI's rate-limit headers ({@code x-ratelimit-limit-requests}, {@code -remaining-requests},
 * {@code -reset-requests} and the same for tokens), from the tightest request and token limits
 * that apply to the request. Remaining counts are this replica's best estimate.
 */
@Component
public class RateLimitHeaders {

    private final QuotaLedger ledger;
    private final Clock clock;

    RateLimitHeaders(QuotaLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public void write(ClientResponse response, List<LimitSpec> limits, Reservation reservation) {
        var now = clock.instant();
        write(response, "requests", tightest(limits, reservation, Dimension.REQUESTS, now));
        write(response, "tokens", tightest(limits, reservation, Dimension.TOKENS, now));
    }

    private QuotaLedger.Status tightest(List<LimitSpec> limits, Reservation reservation, Dimension dimension, Instant now) {
        QuotaLedger.Status best = null;
        for (var hold : reservation.holds()) {
            if (hold.key().dimension() != dimension) {
                continue;
            }
            var limit = limits.stream().filter(l -> l.name().equals(hold.key().limit())).findFirst().orElse(null);
            if (limit == null) {
                continue;
            }
            var budget = dimension == Dimension.REQUESTS ? limit.requests() : limit.tokens();
            var status = ledger.status(hold.key(), budget.orElse(0), now, limit.window());
            if (best == null || status.remaining() < best.remaining()) {
                best = status;
            }
        }
        return best;
    }

    private static void write(ClientResponse response, String dimension, QuotaLedger.Status status) {
        if (status == null) {
            return;
        }
        response.header("x-ratelimit-limit-" + dimension, Long.toString(status.limit()));
        response.header("x-ratelimit-remaining-" + dimension, Long.toString(status.remaining()));
        response.header("x-ratelimit-reset-" + dimension, format(status.reset()));
    }

    /** Durations as OpenAI writes them: {@code 6m0s}, {@code 1s}, {@code 20ms}. */
    public static String format(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return "0s";
        }
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + "ms";
        }
        long seconds = (duration.toMillis() + 999) / 1000;
        var text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        return text.append(seconds % 60).append('s').toString();
    }
}
