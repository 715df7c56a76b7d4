package dev.warden.policy.bench;

import dev.warden.policy.PolicyInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A mix of requests against {@link BenchmarkBundle}: many teams (a few with no rules of their
 * own), every model, label sets with and without the project label, office hours, nights and
 * weekends, small and large prompts. Drawn from a fixed seed, so every run sees the same mix.
 */
final class BenchmarkRequests {

    private static final List<Map<String, String>> LABELS = List.of(
            Map.of("project", "apollo"),
            Map.of("project", "apollo", "client", "ide"),
            Map.of("project", "hermes", "data", "confidential"),
            Map.of("project", "hermes", "client", "ide", "region", "eu"),
            Map.of("project", "zeus", "purpose", "eval", "region", "us"),
            Map.of("project", "zeus", "repo", "internal/billing", "pii", "yes"),
            Map.of("project", "apollo", "ticket", "OPS-1234", "data", "public"),
            Map.of("client", "cli"),
            Map.of(),
            Map.of("project", "hermes", "data", "secret"));
    private static final List<Instant> TIMES = List.of(Instant.parse("2026-01-05T10:15:00Z"), Instant.parse("2026-01-07T14:40:00Z"),
            Instant.parse("2026-01-08T21:30:00Z"), Instant.parse("2026-01-10T11:00:00Z"));
    /** Mostly small prompts, as in chat and code completion; a few long documents. */
    private static final long[] PROMPT_TOKENS = {80, 120, 200, 300, 480, 640, 900, 1_200, 1_800, 2_400, 4_000, 6_000, 9_000,
            18_000, 35_000, 140_000};
    private static final long[] MAX_TOKENS = {0, 256, 1_024, 4_096, 16_384};
    private static final List<List<String>> ROLES = List.of(List.of(), List.of(), List.of(), List.of("admin"), List.of("contractor"));

    private BenchmarkRequests() {
    }

    /** {@code count} requests; the same ones on every call. */
    static List<PolicyInput> mix(int count) {
        var random = new Random(20260105);
        var models = BenchmarkBundle.models();
        var requests = new ArrayList<PolicyInput>(count);
        for (int i = 0; i < count; i++) {
            // Teams 40 to 44 have no rules or limits of their own.
            var team = BenchmarkBundle.team(random.nextInt(BenchmarkBundle.TEAMS + 5));
            var principal = new PolicyInput.Principal("k-" + i, team, "user-" + random.nextInt(500), "acme",
                    ROLES.get(random.nextInt(ROLES.size())));
            var model = models.get(random.nextInt(models.size()));
            var endpoint = model.startsWith("text-embedding") ? "/v1/embeddings" : "/v1/chat/completions";
            var request = new PolicyInput.Request(endpoint, model, random.nextBoolean(), LABELS.get(random.nextInt(LABELS.size())),
                    PROMPT_TOKENS[random.nextInt(PROMPT_TOKENS.length)], MAX_TOKENS[random.nextInt(MAX_TOKENS.length)],
                    1 + random.nextInt(30), "other");
            var headers = random.nextBoolean() ? Map.of("x-request-purpose", "review") : Map.<String, String>of();
            requests.add(new PolicyInput(principal, request, headers, TIMES.get(random.nextInt(TIMES.size())), null));
        }
        return requests;
    }
}
