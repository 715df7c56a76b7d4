package dev.warden.gateway.intent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.gateway.local.LocalModels;
import dev.warden.gateway.policy.ActivePolicy;
import dev.warden.gateway.policy.PolicyActivated;
import dev.warden.policy.Intent;
import dev.warden.policy.IntentExamplesSpec;
import dev.warden.policy.PolicyEngine;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code request.intent}: the last user message, embedded by the built-in model and classified by a
 * classifier trained on the default examples plus the bundle's {@code IntentExamples}. Nothing is
 * computed unless the active bundle's conditions refer to {@code request.intent}.
 */
@Component
public class IntentService {

    static final String VARIABLE = "request.intent";
    private static final Logger log = LoggerFactory.getLogger(IntentService.class);

    private final LocalModels models;
    private final ActivePolicy policy;
    private final IntentExamplesSpec defaults;
    /** Example vectors by text: a reload that keeps most examples embeds only the new ones. */
    private final Map<String, float[]> vectors = new ConcurrentHashMap<>();
    private volatile Trained trained;

    private record Trained(List<IntentExamplesSpec> examples, IntentClassifier classifier) {
    }

    public IntentService(LocalModels models, ActivePolicy policy) {
        this.models = models;
        this.policy = policy;
        this.defaults = DefaultIntentExamples.load();
    }

    /** Whether {@link #classify} runs the embedding model for this bundle (it reads the intent), which takes a CPU for a while. */
    public boolean classifies(PolicyEngine engine) {
        return engine.referencedVariables().contains(VARIABLE);
    }

    /** The request's intent, or empty when the bundle does not use it or the request has no user message. */
    public Optional<Intent> classify(PolicyEngine engine, JsonNode body) {
        if (!classifies(engine)) {
            return Optional.empty();
        }
        var text = LastUserMessage.of(body);
        if (text == null) {
            return Optional.empty();
        }
        var classifier = classifierFor(engine.bundle().intentExamples());
        return Optional.of(classifier.classify(embed(text)));
    }

    /** Trains ahead of the first request, so that it does not wait for the examples to be embedded. */
    @EventListener({ApplicationReadyEvent.class, PolicyActivated.class})
    public void prepare() {
        var engine = policy.engine();
        if (engine.referencedVariables().contains(VARIABLE)) {
            Thread.ofVirtual().name("intent-training").start(() -> {
                try {
                    classifierFor(engine.bundle().intentExamples());
                } catch (RuntimeException e) {
                    log.error("Training the intent classifier failed; requests will try again", e);
                }
            });
        }
    }

    /**
     * The classifier for a bundle's examples. A bundle holds its list for life, so the request path
     * compares it by identity; only a new bundle pays for comparing contents, and retrains only if
     * they changed.
     */
    private IntentClassifier classifierFor(List<IntentExamplesSpec> bundleExamples) {
        var current = trained;
        if (current != null && current.examples() == bundleExamples) {
            return current.classifier();
        }
        synchronized (this) {
            current = trained;
            if (current != null && current.examples().equals(bundleExamples)) {
                trained = new Trained(bundleExamples, current.classifier());
                return current.classifier();
            }
            long started = System.nanoTime();
            var examples = examples(bundleExamples);
            var classifier = IntentClassifier.train(examples);
            var texts = new HashSet<String>();
            defaults.examples().values().forEach(texts::addAll);
            bundleExamples.forEach(spec -> spec.examples().values().forEach(texts::addAll));
            vectors.keySet().retainAll(texts);
            trained = new Trained(bundleExamples, classifier);
            log.info("Intent classifier trained on {} examples in {} ms", examples.values().stream().mapToInt(List::size).sum(),
                    (System.nanoTime() - started) / 1_000_000);
            return classifier;
        }
    }

    private Map<Intent, List<float[]>> examples(List<IntentExamplesSpec> bundleExamples) {
        var sources = new ArrayList<IntentExamplesSpec>();
        if (bundleExamples.stream().noneMatch(IntentExamplesSpec::replaceDefaults)) {
            sources.add(defaults);
        }
        sources.addAll(bundleExamples);
        var result = new EnumMap<Intent, List<float[]>>(Intent.class);
        for (var source : sources) {
            source.examples().forEach((intent, texts) -> {
                var list = result.computeIfAbsent(intent, key -> new ArrayList<>());
                texts.forEach(text -> list.add(vectors.computeIfAbsent(text, this::embed)));
            });
        }
        return result;
    }

    private float[] embed(String text) {
        return models.embedBuiltIn(text);
    }
}
