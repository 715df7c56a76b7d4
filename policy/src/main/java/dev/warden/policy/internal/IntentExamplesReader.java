package dev.warden.policy.internal;

import dev.warden.policy.Intent;
import dev.warden.policy.IntentExamplesSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a {@code kind: IntentExamples} document. */
final class IntentExamplesReader {

    private static final Set<String> FIELDS = Set.of("intents", "replaceDefaults");
    /** Each example is embedded when the bundle is activated: bounded, so a bundle cannot stall activation. */
    static final int MAX_EXAMPLES = 2_000;
    static final int MAX_EXAMPLE_CHARS = 2_000;

    private IntentExamplesReader() {
    }

    static Optional<IntentExamplesSpec> read(SpecReader reader) {
        var spec = reader.document().spec();
        reader.allowOnly(spec, "spec", FIELDS);
        var intents = reader.object(spec, "spec", "intents");
        if (!reader.present(spec, "intents")) {
            reader.problem("spec", "'intents' is required: a mapping from intent to example messages");
        }
        var examples = new EnumMap<Intent, List<String>>(Intent.class);
        intents.fieldNames().forEachRemaining(name -> {
            var intent = Intent.fromWireName(name);
            if (intent.isEmpty()) {
                reader.problem("spec.intents." + name + "#key", "unknown intent '" + name + "' (expected one of "
                        + Arrays.stream(Intent.values()).map(Intent::wireName).collect(Collectors.joining(", ")) + ")");
                return;
            }
            var messages = reader.strings(intents, "spec.intents", name);
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).length() > MAX_EXAMPLE_CHARS) {
                    reader.problem("spec.intents." + name + "[" + i + "]", "an example may be at most " + MAX_EXAMPLE_CHARS + " characters");
                }
            }
            examples.put(intent.get(), messages);
        });
        var replaceDefaults = reader.flag(spec, "spec", "replaceDefaults").orElse(false);
        var result = new IntentExamplesSpec(reader.document().name(), examples, replaceDefaults);
        if (result.size() > MAX_EXAMPLES) {
            reader.problem("spec.intents", "at most " + MAX_EXAMPLES + " examples per document, got " + result.size());
        }
        if (replaceDefaults) {
            var missing = Arrays.stream(Intent.values()).filter(intent -> examples.getOrDefault(intent, List.of()).isEmpty())
                    .map(Intent::wireName).toList();
            if (!missing.isEmpty()) {
                reader.problem("spec.intents", "with replaceDefaults, every intent needs examples; missing: " + String.join(", ", missing));
            }
        }
        return Optional.of(result);
    }
}
