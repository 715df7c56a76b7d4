package dev.warden.gateway.intent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.local.LocalModelProperties;
import dev.warden.gateway.local.LocalModels;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicySource;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The per-request cost of {@code request.intent}, as the gateway computes it, for the local-model benchmark. */
public final class IntentBenchmarkProbe {

    private IntentBenchmarkProbe() {
    }

    public static String run(List<String> messages) {
        var models = new LocalModels(new LocalModelProperties(null, null, null, null, null, null));
        try {
            var service = new IntentService(models, null);
            var engine = PolicyEngine.compile(PolicyLoader.fromSources(List.of(new PolicySource("rule.yaml", """
                    apiVersion: warden/v1
                    kind: Rule
                    metadata: {name: uses-intent}
                    spec: {when: 'request.intent == "create"', action: label, labels: {kind: creation}}
                    """))), ZoneId.of("UTC"));
            var json = new ObjectMapper();
            var bodies = messages.stream().map(message -> {
                var body = json.createObjectNode().put("model", "m");
                body.putArray("messages").addObject().put("role", "user").put("content", message);
                return body;
            }).toList();
            long trainStart = System.nanoTime();
            service.classify(engine, bodies.getFirst());
            double trainMs = (System.nanoTime() - trainStart) / 1e6;
            for (int round = 0; round < 3; round++) {
                bodies.forEach(body -> service.classify(engine, body));
            }
            int rounds = 10;
            var nanos = new long[bodies.size() * rounds];
            int n = 0;
            for (int round = 0; round < rounds; round++) {
                for (var body : bodies) {
                    long start = System.nanoTime();
                    service.classify(engine, body);
                    nanos[n++] = System.nanoTime() - start;
                }
            }
            Arrays.sort(nanos);
            return String.format(Locale.ROOT, "Intent classification (last user message, one request at a time, %d classifications): "
                            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms. Training on the default examples, once per bundle: %.0f ms.%n",
                    nanos.length, nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6, nanos[nanos.length - 1] / 1e6,
                    trainMs);
        } finally {
            models.destroy();
        }
    }
}
