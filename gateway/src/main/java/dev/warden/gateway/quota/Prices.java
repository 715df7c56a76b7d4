package dev.warden.gateway.quota;

import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PriceSpec;
import dev.warden.policy.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

/** What tokens cost, from a bundle's {@code kind: Price} documents, in micro-dollars. */
public final class Prices {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private Prices() {
    }

    /** The price of a target's model: one for its provider first, else one for the model alone. */
    public static Optional<PriceSpec> of(PolicyBundle bundle, Target target) {
        var forProvider = bundle.prices().stream()
                .filter(price -> price.model().equals(target.model()) && price.provider().filter(target.provider()::equals).isPresent())
                .findFirst();
        return forProvider.or(() -> bundle.prices().stream()
                .filter(price -> price.model().equals(target.model()) && price.provider().isEmpty()).findFirst());
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

    public static BigDecimal dollars(long micros) {
        return BigDecimal.valueOf(micros).divide(MILLION);
    }
}
