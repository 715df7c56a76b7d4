package dev.warden.gateway.quota;

import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PriceSpec;
import dev.warden.policy.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What tokens cost, from a bundle's {@code kind: Price} documents, in micro-dollars. */
public final class Prices {

    /**
     * The prices of the bundle last asked about, by model and provider. Every request looks up
     * its targets' prices two or three times, and the bundle changes only on a reload; scanning
     * its list each time was about 2% of a request's CPU.
     */
    private static volatile Index index = new Index(null, Map.of());

    private Prices() {
    }

    /** A bundle's prices: for a model, the one for each provider (key: provider) and the one for any (key: ""). */
    private record Index(PolicyBundle bundle, Map<String, Map<String, PriceSpec>> byModel) {

        static Index of(PolicyBundle bundle) {
            var byModel = new HashMap<String, Map<String, PriceSpec>>();
            for (var price : bundle.prices()) {
                // The first document for a pair wins, as the scan this replaces found it first.
                byModel.computeIfAbsent(price.model(), model -> new HashMap<>()).putIfAbsent(price.provider().orElse(""), price);
            }
            return new Index(bundle, byModel);
        }
    }

    /** The price of a target's model: one for its provider first, else one for the model alone. */
    public static Optional<PriceSpec> of(PolicyBundle bundle, Target target) {
        var current = index;
        if (current.bundle() != bundle) {
            current = Index.of(bundle);
            index = current;
        }
        var forModel = current.byModel().get(target.model());
        if (forModel == null) {
            return Optional.empty();
        }
        var price = target.provider() == null ? null : forModel.get(target.provider());
        return Optional.ofNullable(price != null ? price : forModel.get(""));
    }

    /** The cost of the given tokens, in micro-dollars, rounded up. */
    public static long micros(PriceSpec price, long tokensIn, long tokensOut) {
        // price per million tokens in dollars = micro-dollars per token
        var micros = price.inputPerMillion().multiply(BigDecimal.valueOf(tokensIn))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(tokensOut)));
        return micros.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The most a request may cost on any of the targets that have a price, or null when none has one. */
    public static Long worstMicros(PolicyBundle bundle, List<Target> targets, long tokensIn, long tokensOut) {
        Long worst = null;
        for (var target : targets) {
            var price = of(bundle, target);
            if (price.isPresent()) {
                long micros = micros(price.get(), tokensIn, tokensOut);
                worst = worst == null ? micros : Math.max(worst, micros);
            }
        }
        return worst;
    }

    /** Dollars at the smallest scale, at least 0, that holds them exactly (1.5, 2, 0.000125). */
    public static BigDecimal dollars(long micros) {
        var exact = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return exact.scale() < 0 ? exact.setScale(0) : exact;
    }
}
