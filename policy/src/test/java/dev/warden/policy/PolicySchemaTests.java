package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JSON Schema that editors use to check policy files as people type. It must accept every
 * policy the project ships and every example of the format document, and point at the mistake.
 */
class PolicySchemaTests {

    private static final String SCHEMA = "/dev/warden/policy/warden-policy.schema.json";
    private static final String EXAMPLES = "/dev/warden/policy/schema-examples/";
    private static final Path EXAMPLE_BUNDLES = Path.of("../src/policies");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper YAML_MAPPER = new ObjectMapper(YAML);
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .build();
    private static final JsonSchema POLICY_SCHEMA = FACTORY.getSchema(schemaNode(), CONFIG);

    /** A schema error, located by JSON pointer: for a missing or unknown field, the field's own pointer. */
    record Problem(String where, String message) {

        static Problem of(ValidationMessage message) {
            var where = message.getInstanceLocation().toString();
            return new Problem(message.getProperty() == null ? where : where + "/" + message.getProperty(), message.getMessage());
        }

        boolean isAt(String pointer) {
            return where.equals(pointer) || where.startsWith(pointer + "/");
        }
    }

    @Test
    void schemaIsValidJsonThatDeclaresDraft2020_12AndItsId() {
        var schema = schemaNode();

        var metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
        var problems = metaSchema.validate(schema);

        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("$id").asText()).isEqualTo("https://warden.dev/schemas/warden-policy-v1.json");
        assertThat(schema.path("title").asText()).isNotBlank();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyPropertyAndDefinitionCarriesADescriptionForEditorsToShow() {
        var schema = schemaNode();

        var undescribed = new ArrayList<String>();
        collectUndescribed(schema, "", undescribed);
        schema.path("$defs").properties().stream()
                .filter(definition -> !definition.getValue().has("description"))
                .forEach(definition -> undescribed.add("/$defs/" + definition.getKey()));

        assertThat(undescribed).isEmpty();
    }

    @Test
    void acceptsEveryDocumentOfTheBundlesTheProjectShips() throws IOException {
        List<Path> files;
        try (var tree = Files.walk(EXAMPLE_BUNDLES)) {
            files = tree.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml")).sorted().toList();
        }

        var problemsByDocument = new LinkedHashMap<String, List<Problem>>();
        for (var file : files) {
            var documents = documents(Files.readString(file));
            for (int i = 0; i < documents.size(); i++) {
                problemsByDocument.put(file + " document " + (i + 1), validate(documents.get(i)));
            }
        }

        assertThat(files).isNotEmpty();
        assertThat(problemsByDocument).isNotEmpty().allSatisfy((document, problems) ->
                assertThat(problems).as(document).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"provider.yaml", "route.yaml", "rule.yaml", "limit.yaml", "price.yaml", "policy-test.yaml", "intent-examples.yaml"})
    void acceptsTheExamplesOfEachKindFromTheFormatDocument(String file) {
        var documents = documents(resource(EXAMPLES + file));

        var problems = documents.stream().map(PolicySchemaTests::validate).toList();

        assertThat(documents).isNotEmpty();
        assertThat(problems).allSatisfy(documentProblems -> assertThat(documentProblems).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void refusesAMistakeWithAnErrorAtItsPlace(String mistake, String yaml, String where) {
        var document = documents(yaml).getFirst();

        var problems = validate(document);

        assertThat(problems).isNotEmpty().allSatisfy(problem -> assertThat(problem.isAt(where))
                .as("%s is at %s", problem, where)
                .isTrue());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("unknown field in spec", provider("colour: blue"), "/spec/colour"),
                Arguments.of("unknown top-level field", """
                        apiVersion: warden/v1
                        kind: Route
                        metadata: {name: chat}
                        spec: {targets: [{provider: local, model: llama3.2}]}
                        status: ready
                        """, "/status"),
                Arguments.of("wrong apiVersion", """
                        apiVersion: warden/v2
                        kind: Route
                        metadata: {name: chat}
                        spec: {targets: [{provider: local, model: llama3.2}]}
                        """, "/apiVersion"),
                Arguments.of("unknown kind", """
                        apiVersion: warden/v1
                        kind: Policy
                        metadata: {name: chat}
                        spec: {}
                        """, "/kind"),
                Arguments.of("missing spec", """
                        apiVersion: warden/v1
                        kind: Route
                        metadata: {name: chat}
                        """, "/spec"),
                Arguments.of("bad metadata.name", """
                        apiVersion: warden/v1
                        kind: Route
                        metadata: {name: -my chat}
                        spec: {targets: [{provider: local, model: llama3.2}]}
                        """, "/metadata/name"),
                Arguments.of("unknown provider type", provider("").replace("type: openai", "type: openia"), "/spec/type"),
                Arguments.of("bad duration", provider("timeouts: {connect: soon}"), "/spec/timeouts/connect"),
                Arguments.of("zero duration", provider("timeouts: {read: 0s}"), "/spec/timeouts/read"),
                Arguments.of("literal apiKey", provider("apiKey: sk-live-123"), "/spec/apiKey"),
                Arguments.of("zero connections", provider("maxConnections: 0"), "/spec/maxConnections"),
                Arguments.of("relative baseUrl", provider("").replace("https://api.openai.com/v1", "api.openai.com/v1"),
                        "/spec/baseUrl"),
                Arguments.of("Route without targets", """
                        apiVersion: warden/v1
                        kind: Route
                        metadata: {name: chat}
                        spec: {targets: []}
                        """, "/spec/targets"),
                Arguments.of("Rule of action route without route", rule("action: route"), "/spec/route"),
                Arguments.of("Rule of action coach without instruction", rule("action: coach"), "/spec/instruction"),
                Arguments.of("Rule with the field of another action", rule("action: deny, flags: [factual-check]"), "/spec/flags"),
                Arguments.of("Rule with a message for an action other than deny",
                        rule("action: audit, flags: [x], message: why"), "/spec/message"),
                Arguments.of("Rule route with both to and locality",
                        rule("action: route, route: {to: chat, locality: local}"), "/spec/route"),
                Arguments.of("Rule with an unknown action", rule("action: block"), "/spec/action"),
                Arguments.of("Limit with none of its dimensions", limit("scope: team, window: day"), "/spec"),
                Arguments.of("Limit of requests without a window", limit("scope: team, requests: 100"), "/spec/window"),
                Arguments.of("Limit of zero requests", limit("scope: team, window: day, requests: 0"), "/spec/requests"),
                Arguments.of("negative price", """
                        apiVersion: warden/v1
                        kind: Price
                        metadata: {name: gpt-4o-mini}
                        spec: {model: gpt-4o-mini, inputPerMillion: -0.15, outputPerMillion: 0.60}
                        """, "/spec/inputPerMillion"),
                Arguments.of("PolicyTest expecting an unknown decision", """
                        apiVersion: warden/v1
                        kind: PolicyTest
                        metadata: {name: smoke}
                        spec:
                          cases:
                            - name: research may chat
                              input: {principal: {team: research}, request: {model: chat}}
                              expect: {decision: permit}
                        """, "/spec/cases/0/expect/decision"));
    }

    private static String provider(String extraSpecField) {
        return """
                apiVersion: warden/v1
                kind: Provider
                metadata: {name: openai}
                spec:
                  type: openai
                  baseUrl: https://api.openai.com/v1
                  %s
                """.formatted(extraSpecField);
    }

    private static String rule(String specFields) {
        return "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: a-rule}\nspec: {" + specFields + "}\n";
    }

    private static String limit(String specFields) {
        return "apiVersion: warden/v1\nkind: Limit\nmetadata: {name: a-limit}\nspec: {" + specFields + "}\n";
    }

    private static List<Problem> validate(JsonNode document) {
        return POLICY_SCHEMA.validate(document).stream().map(Problem::of).toList();
    }

    /** Every document of a multi-document YAML text, as the YAML language server sees them one by one. */
    private static List<JsonNode> documents(String yaml) {
        try (var parser = YAML.createParser(yaml)) {
            var documents = new ArrayList<JsonNode>();
            var values = YAML_MAPPER.readValues(parser, JsonNode.class);
            while (values.hasNextValue()) {
                var document = values.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Property schemas without a description, except bare references whose definition has one and
     * {@code false} (the property is not allowed). Conditions ({@code if}) are skipped: editors show
     * no help for them.
     */
    private static void collectUndescribed(JsonNode node, String pointer, List<String> undescribed) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.path("properties").properties()) {
                var schema = property.getValue();
                boolean bareReference = schema.size() == 1 && schema.has("$ref");
                if (schema.isObject() && !schema.has("description") && !bareReference) {
                    undescribed.add(pointer + "/properties/" + property.getKey());
                }
            }
            node.properties().stream()
                    .filter(child -> !child.getKey().equals("if"))
                    .forEach(child -> collectUndescribed(child.getValue(), pointer + "/" + child.getKey(), undescribed));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndescribed(node.get(i), pointer + "/" + i, undescribed);
            }
        }
    }

    private static JsonNode schemaNode() {
        try {
            return JSON.readTree(resource(SCHEMA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PolicySchemaTests.class.getResourceAsStream(name)) {
            assertThat(in).as("resource %s", name).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
