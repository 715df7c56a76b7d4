package dev.warden.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, validated set of policy documents. The gateway holds one at a time and swaps it
 * atomically, so a request always sees one whole bundle.
 *
 * @param revision  a content hash of the bundle's files, recorded on every decision
 * @param gitCommit the commit of the directory, when it is a git checkout
 * @param providers providers by name
 * @param routes    routes by the model name clients ask for, in declaration order
 * @param rules     rules in evaluation order (files by path, documents in file order)
 * @param limits    limits in declaration order
 * @param prices    prices in declaration order
 * @param tests     the bundle's own test cases
 * @param intentExamples examples that train the intent classifier, in declaration order
 * @param sources   the files it was read from
 */
public record PolicyBundle(String revision, Optional<String> gitCommit, Map<String, ProviderSpec> providers,
                           Map<String, RouteSpec> routes, List<RuleSpec> rules, List<LimitSpec> limits,
                           List<PriceSpec> prices, List<PolicyTestSpec> tests, List<IntentExamplesSpec> intentExamples,
                           List<PolicySource> sources) {

    public PolicyBundle {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        rules = List.copyOf(rules);
        limits = List.copyOf(limits);
        prices = List.copyOf(prices);
        tests = List.copyOf(tests);
        intentExamples = List.copyOf(intentExamples);
        sources = List.copyOf(sources);
    }

    public Optional<RouteSpec> route(String model) {
        return Optional.ofNullable(routes.get(model));
    }

    public ProviderSpec provider(String name) {
        var provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("no provider named " + name);
        }
        return provider;
    }

    /** The same bundle, recorded as coming from a git commit. */
    public PolicyBundle withGitCommit(String commit) {
        return new PolicyBundle(revision, Optional.ofNullable(commit), providers, routes, rules, limits, prices, tests, intentExamples, sources);
    }

    /** The revision with the git commit, as shown to people: {@code 1a2b3c4d5e6f7a8b (git 0123abc)}. */
    public String describe() {
        return gitCommit.map(commit -> revision + " (git " + commit.substring(0, Math.min(12, commit.length())) + ")").orElse(revision);
    }
}
