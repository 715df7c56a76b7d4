package dev.warden.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled messages that train the classifier behind {@code request.intent}, from a
 * {@code kind: IntentExamples} document. An organisation adds its own phrasing this way.
 *
 * @param name            the document's name
 * @param examples        example messages per intent
 * @param replaceDefaults whether these replace the examples that ship with the gateway instead of adding to them
 */
public record IntentExamplesSpec(String name, Map<Intent, List<String>> examples, boolean replaceDefaults) {

    public IntentExamplesSpec {
        var copy = new EnumMap<Intent, List<String>>(Intent.class);
        examples.forEach((intent, messages) -> copy.put(intent, List.copyOf(messages)));
        examples = Collections.unmodifiableMap(copy);
    }

    public int size() {
        return examples.values().stream().mapToInt(List::size).sum();
    }
}
