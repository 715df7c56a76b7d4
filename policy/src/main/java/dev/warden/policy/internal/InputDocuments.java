package dev.warden.policy.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.warden.policy.PolicyInput;
import dev.warden.policy.PolicySource;
import java.util.HashMap;
import java.util.Map;

/** Reads a request description (JSON or YAML, shaped like a policy test's {@code input}) for explaining a decision. */
public final class InputDocuments {

    private InputDocuments() {
    }

    public static PolicyInput read(PolicySource source) {
        var problems = new Problems();
        var documents = YamlDocuments.read(source, problems);
        problems.throwIfAny();
        if (documents.size() != 1 || !documents.getFirst().node().isObject()) {
            problems.add(source.name(), 1, 1, "expected one object with principal, request, headers, time");
            problems.throwIfAny();
        }
        var document = documents.getFirst();
        var wrapped = JsonNodeFactory.instance.objectNode();
        wrapped.put("kind", "Input");
        wrapped.putObject("metadata").put("name", source.name());
        wrapped.set("spec", document.node());
        var reader = new SpecReader(new Document(source.name(), document.start(), wrapped, prefixed(document)), problems);
        var input = PolicyTestReader.input(reader, wrapped.get("spec"), "spec");
        problems.throwIfAny();
        return input.orElseThrow();
    }

    private static Map<String, Position> prefixed(Document document) {
        var positions = new HashMap<String, Position>();
        document.positions().forEach((path, position) -> positions.put(path.isEmpty() ? "spec" : "spec." + path, position));
        return positions;
    }
}
