package dev.warden.gateway.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.local.TestModels;
import dev.warden.policy.Intent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped classifier on a labelled set of messages that it never sees in training
 * ({@code held-out-intents.tsv}, written apart from the default examples). The figure is reported
 * in {@code src/docs/local-models.md}.
 */
class IntentAccuracyTests {

    private static final Logger log = LoggerFactory.getLogger(IntentAccuracyTests.class);

    @Test
    void classifiesHeldOutMessagesWithAtLeast85PercentAccuracy() throws IOException {
        var classifier = IntentClassifier.train(embed(DefaultIntentExamples.load().examples()));
        var heldOut = heldOut();
        assertThat(heldOut).hasSizeGreaterThanOrEqualTo(200);
        var defaults = DefaultIntentExamples.load().examples().values().stream().flatMap(List::stream).toList();
        assertThat(heldOut).extracting(Labelled::message).doesNotContainAnyElementsOf(defaults);

        int right = 0;
        var perIntent = new EnumMap<Intent, int[]>(Intent.class);
        for (var labelled : heldOut) {
            var vector = TestModels.builtIn().embed(List.of(LastUserMessage.cut(labelled.message()))).vectors()[0];
            boolean correct = classifier.classify(vector) == labelled.intent();
            right += correct ? 1 : 0;
            var counts = perIntent.computeIfAbsent(labelled.intent(), key -> new int[2]);
            counts[0] += correct ? 1 : 0;
            counts[1]++;
        }
        double accuracy = right / (double) heldOut.size();
        log.info("Intent accuracy on {} held-out messages: {}%", heldOut.size(), String.format(Locale.ROOT, "%.1f", accuracy * 100));
        perIntent.forEach((intent, counts) -> log.info("  {}: {}/{}", intent.wireName(), counts[0], counts[1]));
        assertThat(accuracy).isGreaterThanOrEqualTo(0.85);
        perIntent.forEach((intent, counts) -> assertThat(counts[0] / (double) counts[1]).as(intent.wireName()).isGreaterThan(0.7));
    }

    @Test
    void everyIntentHasAtLeastThirtyDefaultExamples() {
        var examples = DefaultIntentExamples.load().examples();
        for (var intent : Intent.values()) {
            assertThat(examples.get(intent)).as(intent.wireName()).hasSizeGreaterThanOrEqualTo(30);
        }
    }

    record Labelled(Intent intent, String message) {
    }

    static List<Labelled> heldOut() throws IOException {
        try (InputStream in = IntentAccuracyTests.class.getResourceAsStream("held-out-intents.tsv")) {
            var lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(line -> !line.isBlank()).toList();
            return lines.stream().map(line -> line.split("\t", 2))
                    .map(parts -> new Labelled(Intent.fromWireName(parts[0]).orElseThrow(), parts[1])).toList();
        }
    }

    static Map<Intent, List<float[]>> embed(Map<Intent, List<String>> examples) {
        var result = new EnumMap<Intent, List<float[]>>(Intent.class);
        examples.forEach((intent, texts) -> {
            var vectors = new ArrayList<float[]>();
            texts.forEach(text -> vectors.add(TestModels.builtIn().embed(List.of(text)).vectors()[0]));
            result.put(intent, vectors);
        });
        return result;
    }
}
