package dev.warden.policy;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A {@code kind: Price} document: what a model's tokens cost, in USD per million.
 *
 * @param provider only for this provider, when given
 */
public record PriceSpec(String name, String model, Optional<String> provider, BigDecimal inputPerMillion,
                        BigDecimal outputPerMillion) {
}
