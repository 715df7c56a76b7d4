package dev.warden.gateway.intent;

import dev.warden.policy.IntentExamplesSpec;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The examples that ship with the gateway, written as a policy document so that they read like an organisation's own. */
final class DefaultIntentExamples {

    static final String RESOURCE = "dev/warden/gateway/intent/default-intent-examples.yaml";

    private DefaultIntentExamples() {
    }

    static IntentExamplesSpec load() {
        try (var in = DefaultIntentExamples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            var text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return PolicyLoader.fromSources(List.of(new PolicySource(RESOURCE, text))).intentExamples().getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
