package dev.warden.policy.internal;

import dev.warden.policy.IntentExamplesSpec;
import dev.warden.policy.LimitSpec;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicySource;
import dev.warden.policy.PolicyTestSpec;
import dev.warden.policy.PriceSpec;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.RouteSpec;
import dev.warden.policy.RuleSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Turns policy sources into a validated bundle, or fails with every problem found. */
public final class BundleAssembler {

    private static final String API_VERSION = "warden/v1";
    private static final List<String> KINDS = List.of("Provider", "Route", "Rule", "Limit", "Price", "PolicyTest", "IntentExamples");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "description");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}");

    private BundleAssembler() {
    }

    public static PolicyBundle assemble(List<PolicySource> sources) {
        var problems = new Problems();
        var ordered = sources.stream().sorted(Comparator.comparing(PolicySource::name)).toList();
        var documents = new ArrayList<Document>();
        for (var source : ordered) {
            YamlDocuments.read(source, problems).stream()
                    .filter(document -> checkEnvelope(document, problems))
                    .forEach(documents::add);
        }
        var conditions = new CelConditions();
        var providers = byName(documents, "Provider", problems, ProviderReader::read, ProviderSpec::name);
        var routes = byName(documents, "Route", problems, reader -> RouteReader.read(reader, providers), RouteSpec::name);
        var rules = byName(documents, "Rule", problems, reader -> RuleReader.read(reader, conditions, routes.keySet()), RuleSpec::name);
        var limits = byName(documents, "Limit", problems, reader -> LimitReader.read(reader, conditions), LimitSpec::name);
        var prices = byName(documents, "Price", problems, reader -> PriceReader.read(reader, providers.keySet()), PriceSpec::name);
        var tests = byName(documents, "PolicyTest", problems, PolicyTestReader::read, PolicyTestSpec::name);
        var intentExamples = byName(documents, "IntentExamples", problems, IntentExamplesReader::read, IntentExamplesSpec::name);
        problems.throwIfAny();
        return new PolicyBundle(Revisions.of(ordered), Optional.empty(), providers, routes, List.copyOf(rules.values()),
                List.copyOf(limits.values()), List.copyOf(prices.values()), List.copyOf(tests.values()),
                List.copyOf(intentExamples.values()), ordered);
    }

    private static <T> Map<String, T> byName(List<Document> documents, String kind, Problems problems,
                                             Function<SpecReader, Optional<T>> read, Function<T, String> name) {
        var result = new LinkedHashMap<String, T>();
        var seen = new HashSet<String>();
        for (var document : documents) {
            if (!document.kind().equals(kind)) {
                continue;
            }
            if (!seen.add(document.name())) {
                problems.add(document, "metadata.name", "duplicate " + kind + " name '" + document.name() + "'");
                continue;
            }
            read.apply(new SpecReader(document, problems)).ifPresent(value -> result.put(name.apply(value), value));
        }
        return result;
    }

    private static boolean checkEnvelope(Document document, Problems problems) {
        var node = document.node();
        if (!node.isObject()) {
            problems.add(document, "", "a policy document must be a mapping with apiVersion, kind, metadata and spec");
            return false;
        }
        int before = problems.count();
        node.fieldNames().forEachRemaining(field -> {
            if (!DOCUMENT_FIELDS.contains(field)) {
                problems.add(document, field + "#key", "unknown top-level field '" + field + "' (expected apiVersion, kind, metadata, spec)");
            }
        });
        if (!API_VERSION.equals(node.path("apiVersion").asText())) {
            problems.add(document, "apiVersion", "apiVersion must be " + API_VERSION + ", got '" + node.path("apiVersion").asText() + "'");
        }
        if (!KINDS.contains(document.kind())) {
            problems.add(document, "kind", "unknown kind '" + document.kind() + "' (expected one of " + String.join(", ", KINDS) + ")");
        }
        node.path("metadata").fieldNames().forEachRemaining(field -> {
            if (!METADATA_FIELDS.contains(field)) {
                problems.add(document, "metadata." + field + "#key", "unknown field 'metadata." + field + "' (expected name, description)");
            }
        });
        if (!NAME.matcher(document.name()).matches()) {
            problems.add(document, "metadata.name", "metadata.name is required: letters, digits and . _ : / @ - (at most 200), got '"
                    + document.name() + "'");
        }
        if (!node.path("spec").isObject()) {
            problems.add(document, "spec", "spec must be a mapping");
        }
        return problems.count() == before;
    }
}
