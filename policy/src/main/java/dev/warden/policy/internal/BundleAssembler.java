package dev.warden.policy.internal;

import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicySource;
import dev.warden.policy.ProviderSpec;
import dev.warden.policy.RouteSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns policy sources into a validated bundle, or fails with every problem found. */
public final class BundleAssembler {

    private static final String API_VERSION = "warden/v1";
    private static final Set<String> LATER_KINDS = Set.of("Limit", "Rule", "Price", "PolicyTest");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}");

    private BundleAssembler() {
    }

    public static PolicyBundle assemble(List<PolicySource> sources) {
        var problems = new Problems();
        var documents = new ArrayList<Document>();
        for (var source : sources) {
            YamlDocuments.read(source, problems).stream()
                    .filter(document -> checkEnvelope(document, problems))
                    .forEach(documents::add);
        }
        var providers = new LinkedHashMap<String, ProviderSpec>();
        documents.stream().filter(d -> d.kind().equals("Provider")).forEach(d ->
                ProviderReader.read(d, problems).ifPresent(p -> putUnique(providers, p.name(), p, d, problems)));
        var routes = new LinkedHashMap<String, RouteSpec>();
        documents.stream().filter(d -> d.kind().equals("Route")).forEach(d ->
                RouteReader.read(d, providers, problems).ifPresent(r -> putUnique(routes, r.name(), r, d, problems)));
        problems.throwIfAny();
        return new PolicyBundle(Revisions.of(sources), providers, routes);
    }

    private static boolean checkEnvelope(Document document, Problems problems) {
        var node = document.node();
        if (!node.isObject()) {
            problems.add(document, "a policy document must be a mapping with apiVersion, kind, metadata and spec");
            return false;
        }
        int before = problems.count();
        node.fieldNames().forEachRemaining(field -> {
            if (!DOCUMENT_FIELDS.contains(field)) {
                problems.add(document, "unknown top-level field '" + field + "' (expected apiVersion, kind, metadata, spec)");
            }
        });
        if (!API_VERSION.equals(node.path("apiVersion").asText())) {
            problems.add(document, "apiVersion must be " + API_VERSION + ", got '" + node.path("apiVersion").asText() + "'");
        }
        var kind = document.kind();
        if (LATER_KINDS.contains(kind)) {
            problems.add(document, "kind " + kind + " is not supported by this version of Warden; remove it rather than rely on it being ignored");
        } else if (!kind.equals("Provider") && !kind.equals("Route")) {
            problems.add(document, "unknown kind '" + kind + "' (expected Provider or Route)");
        }
        if (!NAME.matcher(document.name()).matches()) {
            problems.add(document, "metadata.name is required: letters, digits and . _ : / @ - (at most 200), got '" + document.name() + "'");
        }
        if (!node.path("spec").isObject()) {
            problems.add(document, "spec must be a mapping");
        }
        return problems.count() == before;
    }

    private static <T> void putUnique(Map<String, T> byName, String name, T value, Document document, Problems problems) {
        if (byName.putIfAbsent(name, value) != null) {
            problems.add(document, "duplicate " + document.kind() + " name '" + name + "'");
        }
    }
}
