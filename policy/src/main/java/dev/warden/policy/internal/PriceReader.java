package dev.warden.policy.internal;

import dev.warden.policy.PriceSpec;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code kind: Price} document. */
final class PriceReader {

    private static final Set<String> FIELDS = Set.of("model", "provider", "inputPerMillion", "outputPerMillion");

    private PriceReader() {
    }

    static Optional<PriceSpec> read(SpecReader reader, Set<String> providers) {
        var spec = reader.document().spec();
        reader.allowOnly(spec, "spec", FIELDS);
        var model = reader.requiredText(spec, "spec", "model");
        var provider = reader.text(spec, "spec", "provider");
        provider.filter(name -> !providers.contains(name))
                .ifPresent(name -> reader.problem("spec.provider", "unknown provider '" + name + "'"));
        if (!reader.present(spec, "inputPerMillion") || !reader.present(spec, "outputPerMillion")) {
            reader.problem("spec", "'inputPerMillion' and 'outputPerMillion' are required (USD per million tokens)");
        }
        var input = reader.amount(spec, "spec", "inputPerMillion");
        var output = reader.amount(spec, "spec", "outputPerMillion");
        if (model.isEmpty() || input.isEmpty() || output.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PriceSpec(reader.document().name(), model.get(), provider, input.get(), output.get()));
    }
}
