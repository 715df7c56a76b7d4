package dev.warden.gateway.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.local.LocalModelProperties;
import dev.warden.gateway.local.LocalModels;
import dev.warden.policy.Intent;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicySource;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IntentServiceTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USES_INTENT = """
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: label-creations}
            spec:
              when: 'request.intent == "create"'
              action: label
              labels: {kind: creation}
            """;

    static LocalModels models;
    static IntentService service;

    @BeforeAll
    static void start() {
        models = new LocalModels(new LocalModelProperties(null, null, null, null, null, null));
        service = new IntentService(models, null);
    }

    @AfterAll
    static void stop() {
        models.destroy();
    }

    @Test
    void classifiesTheLastUserMessageWhenTheBundleUsesIntent() {
        var engine = engine(USES_INTENT);

        assertThat(service.classify(engine, chat("Write a Go function that retries an HTTP call with backoff")))
                .contains(Intent.CREATE);
        assertThat(service.classify(engine, chat("Translate 'good morning, team' into German"))).contains(Intent.TRANSLATE);
    }

    @Test
    void computesNothingWhenNoConditionRefersToIntent() {
        var engine = engine("""
                apiVersion: warden/v1
                kind: Rule
                metadata: {name: teams}
                spec: {when: 'principal.team == "x"', action: deny}
                """);

        assertThat(service.classify(engine, chat("Write a Go function"))).isEmpty();
    }

    @Test
    void aRequestWithoutAUserMessageHasNoIntent() throws Exception {
        var engine = engine(USES_INTENT);

        assertThat(service.classify(engine, (ObjectNode) JSON.readTree("{\"model\":\"m\",\"input\":\"embed me\"}"))).isEmpty();
    }

    /** An organisation's own examples train the classifier: here they deliberately swap two intents. */
    @Test
    void theBundlesExamplesCanReplaceTheDefaults() {
        var engine = engine(USES_INTENT + """
                ---
                apiVersion: warden/v1
                kind: IntentExamples
                metadata: {name: swapped}
                spec:
                  replaceDefaults: true
                  intents:
                    translate: ["Write a function that parses dates", "Implement a REST endpoint in Java", "Generate unit tests for this class"]
                    create: ["Translate this into French", "How do you say thank you in Japanese", "Put this paragraph into Spanish"]
                    explain: ["What does this error mean", "Explain how TCP handshakes work"]
                    review: ["Review my pull request", "Proofread this paragraph"]
                    analyse: ["Find the trend in these sales figures", "What caused the latency spike in these logs"]
                    other: ["Hello there", "What's the weather like"]
                """);

        assertThat(service.classify(engine, chat("Write a Python function that sorts a list of users by age")))
                .contains(Intent.TRANSLATE);
    }

    private static PolicyEngine engine(String yaml) {
        var bundle = PolicyLoader.fromSources(List.of(new PolicySource("bundle.yaml", yaml)));
        return PolicyEngine.compile(bundle, ZoneId.of("UTC"));
    }

    private static ObjectNode chat(String message) {
        var body = JSON.createObjectNode().put("model", "m");
        body.putArray("messages").addObject().put("role", "system").put("content", "You are helpful.");
        body.withArray("messages").addObject().put("role", "user").put("content", message);
        return body;
    }
}
