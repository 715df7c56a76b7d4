package dev.warden.policy;

import dev.warden.policy.internal.Activation;
import dev.warden.policy.internal.CelConditions;
import dev.warden.policy.internal.PolicyEvaluator;
import java.time.ZoneId;
import java.util.Set;

/**
 * A policy bundle compiled for evaluation: every CEL condition compiled once, rules indexed.
 * {@link #evaluate} is pure and thread-safe; the gateway holds one engine per active bundle.
 */
public final class PolicyEngine {

    private final PolicyBundle bundle;
    private final ZoneId zone;
    private final PolicyEvaluator evaluator;
    private final Set<String> referenced;
    private final boolean readsRouteStats;
    private final boolean readsHeaders;
    private final PriceList prices;

    private PolicyEngine(PolicyBundle bundle, ZoneId zone) {
        this.bundle = bundle;
        this.zone = zone;
        this.evaluator = new PolicyEvaluator(bundle, new CelConditions());
        this.referenced = evaluator.referencedVariables();
        this.readsRouteStats = referenced.stream().anyMatch(variable -> variable.startsWith("route."));
        this.readsHeaders = bundle.rules().stream()
                .anyMatch(rule -> rule.action() instanceof RuleAction.Require require && !require.headers().isEmpty());
        this.prices = new PriceList(bundle.prices());
    }

    /**
     * @param zone the time zone of the {@code time.*} variables
     */
    public static PolicyEngine compile(PolicyBundle bundle, ZoneId zone) {
        return new PolicyEngine(bundle, zone);
    }

    public PolicyBundle bundle() {
        return bundle;
    }

    public Decision evaluate(PolicyInput input) {
        return evaluator.evaluate(input, Activation.of(input, zone));
    }

    /** The CEL variables the bundle's conditions refer to, so that costly ones are computed only when used. */
    public Set<String> referencedVariables() {
        return referenced;
    }

    /** Whether any condition reads {@code route.*}: only then is a route's health worth computing for a request. */
    public boolean readsRouteStats() {
        return readsRouteStats;
    }

    /** The bundle's prices, indexed by model and provider. */
    public PriceList prices() {
        return prices;
    }

    /** Whether any rule requires a header: only then are a request's headers collected for it. */
    public boolean readsHeaders() {
        return readsHeaders;
    }
}
