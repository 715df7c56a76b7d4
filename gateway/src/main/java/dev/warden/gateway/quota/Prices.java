package dev.warden.gateway.quota;

import dev.warden.policy.PriceList;
import dev.warden.policy.PriceSpec;
import dev.warden.policy.Target;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** What tokens cost, from a bundle's {@code kind: Price} documents, in micro-dollars. */
public final class Prices {

    private Prices() {
    }

    /** The cost of the given tokens, in micro-dollars, rounded up. */
    public static long micros(PriceSpec price, long tokensIn, long tokensOut) {
        // price per million tokens in dollars = micro-dollars per token
        var micros = price.inputPerMillion().multiply(BigDecimal.valueOf(tokensIn))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(tokensOut)));
        return micros.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The most a request may cost on any of the targets that have a price, or null when none has one. */
    public static Long worstMicros(PriceList prices, List<Target> targets, long tokensIn, long tokensOut) {
        Long worst = null;
        for (var target : targets) {
            var price = prices.of(target);
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
