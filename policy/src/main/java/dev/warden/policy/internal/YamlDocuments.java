package dev.warden.policy.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.policy.PolicySource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits policy files into their YAML documents, keeping each document's position. */
public final class YamlDocuments {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private YamlDocuments() {
    }

    public static List<Document> read(PolicySource source, Problems problems) {
        var documents = new ArrayList<Document>();
        try (var parser = FACTORY.createParser(source.content())) {
            var values = MAPPER.readValues(parser, JsonNode.class);
            while (values.hasNextValue()) {
                int line = parser.currentTokenLocation().getLineNr();
                JsonNode node = values.nextValue();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(new Document(source.name(), line, node));
                }
            }
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            problems.add(source.name(), where == null ? 0 : where.getLineNr(), where == null ? 0 : where.getColumnNr(),
                    "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            problems.add(source.name(), 0, 0, "not valid YAML: " + e.getMessage());
        }
        return documents;
    }
}
