package dev.warden.policy.bench;

import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicySource;
import java.util.Arrays;
import java.util.List;

/**
 * A bundle shaped like a large organisation's, generated so that the benchmark needs no fixture
 * files: four providers, a route per model, 200 rules over every action and 50 limits. As bundles
 * grow in practice, most rules and limits concern one of 40 teams or one of 20 models; the rest
 * are global conditions on time, labels, roles and prompt size, and every twentieth rule runs in
 * audit mode.
 */
final class BenchmarkBundle {

    static final int TEAMS = 40;
    static final int RULES = 200;
    static final int LIMITS = 50;

    /** Each model the organisation offers, with the provider that serves it. */
    private static final String[][] MODELS = {
            {"gpt-4o", "openai"}, {"gpt-4o-mini", "openai"}, {"gpt-4.1", "openai"}, {"gpt-4.1-mini", "openai"},
            {"o3", "openai"}, {"o4-mini", "openai"}, {"text-embedding-3-small", "openai"},
            {"text-embedding-3-large", "openai"}, {"claude-opus-4", "anthropic"}, {"claude-sonnet-4", "anthropic"},
            {"claude-haiku-3.5", "anthropic"}, {"gemini-2.5-pro", "gemini"}, {"gemini-2.5-flash", "gemini"},
            {"llama3.2", "onprem"}, {"llama3.3-70b", "onprem"}, {"qwen2.5-coder", "onprem"}, {"deepseek-r1", "onprem"},
            {"phi-4", "onprem"}, {"mistral-small", "onprem"}, {"codestral", "onprem"}};

    private static final int TEAM_RULES = 120;
    private static final int MODEL_RULES = 50;
    private static final String[] ACTIONS = {"deny", "route", "redact", "require", "label", "coach", "audit"};

    private BenchmarkBundle() {
    }

    static PolicyBundle bundle() {
        return PolicyLoader.fromSources(List.of(new PolicySource("providers.yaml", providers()),
                new PolicySource("routes.yaml", routes()), new PolicySource("rules.yaml", rules()),
                new PolicySource("limits.yaml", limits())));
    }

    static List<String> models() {
        return Arrays.stream(MODELS).map(model -> model[0]).toList();
    }

    static String team(int number) {
        return "team-%02d".formatted(number);
    }

    private static String model(int number) {
        return MODELS[number % MODELS.length][0];
    }

    private static String providers() {
        var gemini = "type: gemini\nbaseUrl: https://generativelanguage.googleapis.com\napiKey: ${env:GEMINI_API_KEY}";
        return document("Provider", "openai", "type: openai\nbaseUrl: https://api.openai.com/v1\napiKey: ${env:OPENAI_API_KEY}")
                + document("Provider", "anthropic", "type: anthropic\nbaseUrl: https://api.anthropic.com\napiKey: ${env:ANTHROPIC_API_KEY}")
                + document("Provider", "gemini", gemini)
                + document("Provider", "onprem", "type: openai-compatible\nbaseUrl: http://vllm.internal:8000/v1");
    }

    /** A route per model; every other frontier model falls back to the on-premises server. */
    private static String routes() {
        var yaml = new StringBuilder();
        for (int i = 0; i < MODELS.length; i++) {
            var targets = "  - {provider: %s, model: %s}\n".formatted(MODELS[i][1], MODELS[i][0]);
            if (!MODELS[i][1].equals("onprem") && i % 2 == 0) {
                targets += "  - {provider: onprem, model: llama3.3-70b}\n";
            }
            yaml.append(document("Route", MODELS[i][0], "targets:\n" + targets));
        }
        return yaml.toString();
    }

    private static String rules() {
        var yaml = new StringBuilder();
        for (int i = 0; i < RULES; i++) {
            var spec = i < TEAM_RULES ? teamRule(i)
                    : i < TEAM_RULES + MODEL_RULES ? modelRule(i) : globalRule(i - TEAM_RULES - MODEL_RULES);
            yaml.append(document("Rule", "rule-%03d".formatted(i), i % 20 == 13 ? spec + "mode: audit\n" : spec));
        }
        return yaml.toString();
    }

    /** Three rules per team, each with another action. */
    private static String teamRule(int i) {
        var team = "principal.team == \"%s\"".formatted(team(i % TEAMS));
        return switch (ACTIONS[i % ACTIONS.length]) {
            case "deny" -> when(team + " && request.model == \"" + model(i) + "\"") + "action: deny\nmessage: Not for this team.\n";
            case "route" -> when(team + " && \"data\" in request.labels && request.labels[\"data\"] == \"confidential\"")
                    + (i % 2 == 0 ? "action: route\nroute: {locality: local}\n" : "action: route\nroute: {to: llama3.3-70b}\n");
            case "redact" -> when(team) + "action: redact\nredact:\n  builtins: [email, secret]\n"
                    + "  patterns: [{name: employee-id, regex: 'EMP-[0-9]{6}'}]\n";
            case "require" -> when(team + " && request.endpoint == \"/v1/chat/completions\"")
                    + "action: require\nrequire: {labels: [project]}\n";
            case "label" -> when(team) + "action: label\nlabels: {cost-centre: cc-%03d}\n".formatted(i % TEAMS);
            case "coach" -> when(team + " && \"client\" in request.labels && request.labels[\"client\"] == \"ide\"")
                    + "action: coach\ninstruction: Explain the change and leave the final edit to the developer.\n";
            default -> when(team + " && request.maxTokens > 4000") + "action: audit\nflags: [large-output]\n";
        };
    }

    /**
     * Two or three rules per model. Some read a label without checking that it is there, as
     * policy-format.md's own example does: on requests without it the condition fails and is noted.
     */
    private static String modelRule(int i) {
        var model = "request.model == \"%s\"".formatted(model(i));
        return switch (ACTIONS[i % ACTIONS.length]) {
            case "deny" -> when(model + " && request.estimatedPromptTokens > 30000")
                    + "action: deny\nmessage: Prompt too long for this model.\n";
            case "route" -> when(model + " && request.labels[\"data\"] == \"confidential\"") + "action: route\nroute: {locality: local}\n";
            case "redact" -> when(model + " && request.labels[\"region\"] == \"eu\"")
                    + "action: redact\nredact: {builtins: [email, card]}\n";
            case "require" -> when(model + " && \"contractor\" in principal.roles")
                    + "action: require\nrequire: {labels: [ticket], headers: [x-request-purpose]}\n";
            case "label" -> when(model) + "action: label\nlabels: {model-tier: tier-%d}\n".formatted(i % 3);
            case "coach" -> when(model + " && request.messageCount > 20")
                    + "action: coach\ninstruction: Summarise the conversation before answering.\n";
            default -> when(model + " && request.labels[\"purpose\"] == \"eval\"") + "action: audit\nflags: [evaluation]\n";
        };
    }

    /** Ten kinds of organisation-wide rule, three variants {@code v} of each. */
    private static String globalRule(int j) {
        int v = j / 10;
        return switch (j % 10) {
            case 0 -> when("time.hour < %d || time.hour >= %d".formatted(6 + v, 19 + v)) + "action: audit\nflags: [after-hours]\n";
            case 1 -> when("request.estimatedPromptTokens > %d".formatted(100_000 * (v + 1)))
                    + "action: deny\nmessage: Prompt too large.\n";
            case 2 -> when("\"%1$s\" in request.labels && request.labels[\"%1$s\"] == \"secret\""
                    .formatted(of(v, "data", "classification", "sensitivity")))
                    + "action: deny\nmessage: Secret data never leaves the organisation.\n";
            case 3 -> (v == 0 ? "" : when("\"%s\" in request.labels".formatted(of(v, "", "pii", "patient"))))
                    + "action: redact\nredact: {builtins: [email, secret, card]}\n";
            case 4 -> when("(time.weekday == \"saturday\" || time.weekday == \"sunday\") && request.estimatedPromptTokens > " + v * 10_000)
                    + "action: audit\nflags: [weekend-use]\n";
            case 5 -> when("request.stream && request.maxTokens > %d".formatted(8000 << v)) + "action: audit\nflags: [long-stream]\n";
            case 6 -> when("\"%s\" in principal.roles".formatted(of(v, "admin", "auditor", "contractor")))
                    + "action: label\nlabels: {role: %s}\n".formatted(of(v, "admin", "auditor", "contractor"));
            case 7 -> when("request.estimatedPromptTokens > %d && request.model.startsWith(\"%s\")".formatted(20_000 * (v + 1),
                    of(v, "gpt", "claude", "gemini")))
                    + "action: route\nroute: {to: %s}\n".formatted(of(v, "gpt-4o-mini", "claude-haiku-3.5", "gemini-2.5-flash"));
            case 8 -> when("request.repo.startsWith(\"%s/\")".formatted(of(v, "internal", "partner", "oss")))
                    + "action: coach\ninstruction: Follow the repository's contribution guide.\n";
            default -> when("request.estimatedPromptTokens > %d".formatted(20_000 << v)) + "action: require\nrequire: {labels: [ticket]}\n";
        };
    }

    private static String of(int variant, String... choices) {
        return choices[variant];
    }

    /** 30 limits per team, 15 per model, 5 for everyone. */
    private static String limits() {
        var yaml = new StringBuilder();
        for (int i = 0; i < LIMITS; i++) {
            yaml.append(document("Limit", "limit-%02d".formatted(i), limit(i)));
        }
        return yaml.toString();
    }

    private static String limit(int i) {
        if (i < 30) {
            var match = "principal.team == \"%s\"".formatted(team(i)) + (i % 3 == 0 ? " && !request.stream" : "");
            return "scope: team\nmatch: '%s'\nwindow: month\ntokens: %d\ncostUsd: %d\n".formatted(match, 5_000_000 + i, 500 + i);
        }
        if (i < 45) {
            return "scope: model\nmatch: 'request.model == \"%s\"'\nwindow: day\nrequests: %d\n".formatted(model(i), 10_000 + i);
        }
        return switch (i) {
            case 45 -> "scope: key\nwindow: minute\nrequests: 120\n";
            case 46 -> "scope: org\nwindow: month\ncostUsd: 20000\n";
            case 47 -> "scope: user\nwindow: day\ntokens: 2000000\nconcurrent: 4\n";
            case 48 -> "scope: team\nmatch: 'request.estimatedPromptTokens > 50000'\nwindow: hour\nrequests: 20\n";
            default -> "scope: user\nmatch: 'time.hour >= 9 && time.hour < 18'\nwindow: hour\nrequests: 600\n";
        };
    }

    private static String when(String condition) {
        return "when: '" + condition + "'\n";
    }

    private static String document(String kind, String name, String spec) {
        return "---\napiVersion: warden/v1\nkind: %s\nmetadata: {name: %s}\nspec:\n%s".formatted(kind, name, spec.indent(2));
    }
}
