package dev.warden.gateway.quota;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.policy.Plan;
import dev.warden.policy.PriceList;
import dev.warden.policy.Target;
import org.springframework.stereotype.Component;

/**
 * A request's part in the limits: before it goes upstream, its worst case (prompt tokens plus
 * the most the answer may use, and what that would cost on the dearest target) is reserved;
 * when it ends, the reservation is settled to the usage the upstream reported, or released
 * when there is none (a failure, a client that went away first).
 */
@Component
public class RequestBudgets {

    private final QuotaLedger ledger;
    private final TokenEstimator tokens;
    private final QuotaProperties properties;

    RequestBudgets(QuotaLedger ledger, TokenEstimator tokens, QuotaProperties properties) {
        this.ledger = ledger;
        this.tokens = tokens;
        this.properties = properties;
    }

    /**
     * @throws LimitExceeded         when a limit that applies is spent
     * @throws LimitStoreUnavailable when a limit cannot be checked and fails closed
     */
    public Reservation reserve(Exchange exchange, PriceList prices, Plan plan, Endpoint endpoint, JsonNode request, String org) {
        return reserve(exchange, prices, plan, endpoint, request, org, true);
    }

    /**
     * {@link #reserve}, for a caller that must not wait: on an event loop.
     *
     * @throws WouldWait when a lease would have to be refilled from the store first; nothing is then held
     */
    public Reservation reserveWithoutWaiting(Exchange exchange, PriceList prices, Plan plan, Endpoint endpoint, JsonNode request,
                                             String org) {
        return reserve(exchange, prices, plan, endpoint, request, org, false);
    }

    private Reservation reserve(Exchange exchange, PriceList prices, Plan plan, Endpoint endpoint, JsonNode request, String org,
                                boolean mayWait) {
        if (plan.limits().isEmpty()) {
            return Reservation.NONE;
        }
        var principal = exchange.principal();
        var model = plan.targets().isEmpty() ? request.path("model").asText() : plan.targets().getFirst().model();
        long completion = endpoint == Endpoint.EMBEDDINGS ? 0 : maxTokens(request);
        var scopes = new QuotaLedger.Scopes(org, principal.team(), principal.keyId().toString(), principal.user(),
                request.path("model").asText());
        // Reserve on a cheap upper bound of the prompt first; count it exactly only when the bound does not
        // fit. A request the bound admits would have been admitted on the exact count too, and settling
        // corrects the counters to the reported usage either way. A refusal that did not weigh the
        // request's size (a count of requests, a price missing) stands whatever the count: tokenizing a
        // long prompt for it would only cost milliseconds, on an event loop too.
        long bound = tokens.promptTokensAtMost(request, model);
        try {
            return reserve(plan, prices, scopes, bound, completion, mayWait);
        } catch (LimitExceeded refused) {
            if (!refused.byAmount() || !tokens.countsExactly(model)) {
                throw refused;
            }
            return reserve(plan, prices, scopes, tokens.promptTokens(request, model), completion, mayWait);
        }
    }

    private Reservation reserve(Plan plan, PriceList prices, QuotaLedger.Scopes scopes, long prompt, long completion, boolean mayWait) {
        return ledger.reserve(plan.limits(), scopes, prompt + completion, Prices.worstMicros(prices, plan.targets(), prompt, completion),
                mayWait);
    }

    /** Settles or releases the reservation, and records the request's cost on the exchange. */
    public void finish(Exchange exchange, PriceList prices, Reservation reservation) {
        var in = exchange.tokensIn();
        var out = exchange.tokensOut();
        Long cost = null;
        if (exchange.provider() != null && (in != null || out != null)) {
            var price = prices.of(new Target(exchange.provider(), exchange.modelUsed()));
            if (price.isPresent()) {
                cost = Prices.micros(price.get(), in == null ? 0 : in, out == null ? 0 : out);
                exchange.cost(Prices.dollars(cost));
            }
        }
        if (in == null && out == null) {
            ledger.release(reservation);
        } else {
            ledger.settle(reservation, (in == null ? 0 : in) + (out == null ? 0 : out), cost == null ? 0L : cost);
        }
    }

    private long maxTokens(JsonNode request) {
        var max = request.path("max_completion_tokens");
        if (!max.canConvertToLong()) {
            max = request.path("max_tokens");
        }
        return max.canConvertToLong() && max.asLong() > 0 ? max.asLong() : properties.defaultMaxTokens();
    }
}
