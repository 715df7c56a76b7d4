package dev.warden.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bundle's {@code kind: Price} documents indexed by model and provider, built once with its
 * engine: every request looks its targets' prices up two or three times, and scanning the list
 * each time was about 2% of a request's CPU.
 */
public final class PriceList {

    /** For a model: the price for each provider (key: the provider) and the one for any provider (key: ""). */
    private final Map<String, Map<String, PriceSpec>> byModel = new HashMap<>();

    PriceList(List<PriceSpec> prices) {
        for (var price : prices) {
            // The first document for a pair wins, as a scan of the list would find it first.
            byModel.computeIfAbsent(price.model(), model -> new HashMap<>()).putIfAbsent(price.provider().orElse(""), price);
        }
    }

    /** The price of a target's model: one for its provider first, else one for the model alone. */
    public Optional<PriceSpec> of(Target target) {
        var forModel = byModel.get(target.model());
        if (forModel == null) {
            return Optional.empty();
        }
        var price = forModel.get(target.provider());
        return Optional.ofNullable(price != null ? price : forModel.get(""));
    }
}
