package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodySpliceTests {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void replacesTheTopLevelModelAndKeepsEveryOtherByte() {
        var body = "{ \"messages\" : [{\"role\":\"user\",\"content\":\"model \\\"x\\\" \\u00e9\"}],\n"
                + "  \"metadata\": {\"model\": \"nested\"}, \"model\" :\t\"asked\", \"temperature\": 1.50e0 }";

        var spliced = BodySplice.replaceModel(bytes(body), "gpt-4o-mini");

        assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo(body.replace("\"asked\"", "\"gpt-4o-mini\""));
    }

    @Test
    void escapesTheNewModelAsAJsonString() throws Exception {
        var spliced = BodySplice.replaceModel(bytes("{\"model\":\"a\",\"n\":1}"), "we\"ird/mödel\n");

        var tree = new ObjectMapper().readTree(spliced);
        assertThat(tree.path("model").asText()).isEqualTo("we\"ird/mödel\n");
        assertThat(tree.path("n").asInt()).isEqualTo(1);
    }

    @Test
    void handlesAModelThatHadEscapesAndMultiByteCharacters() {
        var body = "{\"model\":\"caf\\u00e9-\u00fc\\\"q\",\"stream\":true}";

        var spliced = BodySplice.replaceModel(bytes(body), "m");

        assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\",\"stream\":true}");
    }

    @Test
    void findsTheModelAfterAConversationAsOpenAisSdksWriteIt() {
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":\"say \\\"}\\\" and ] and \\\\\"},{\"role\":\"assistant\",\"content\":[]}],"
                + "\"model\":\"asked\",\"n\":-1.5e+3,\"stop\":null,\"logprobs\":false}";

        var spliced = BodySplice.replaceModel(bytes(body), "m");

        assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo(body.replace("\"asked\"", "\"m\""));
    }

    @Test
    void declinesATopLevelNameWrittenWithEscapesWhichCouldSpellModel() {
        assertThat(BodySplice.replaceModel(bytes("{\"mod\\u0065l\":\"asked\"}"), "m")).isNull();
        assertThat(BodySplice.replaceModel(bytes("{\"a\\\"b\":1,\"model\":\"asked\"}"), "m")).isNull();
    }

    /**
     * Against a parser that walks to the field, on bodies of random shape and spacing: the same
     * bytes, or null where the walk declines (a top-level name with escapes).
     */
    @Test
    void splicesExactlyWhereAParserFindsTheTopLevelModel() throws IOException {
        var mapper = new ObjectMapper();
        var random = new SplittableRandom(3);
        int spliced = 0;
        for (int i = 0; i < 5_000; i++) {
            var tree = randomBody(random);
            var text = random.nextBoolean() ? mapper.writeValueAsString(tree) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            var body = bytes(text);

            var expected = parserSplice(body, "routed-model");
            var actual = BodySplice.replaceModel(body, "routed-model");

            if (actual == null && expected != null) {
                assertThat(text).as("declined only for escaped top-level names").contains("\\");
            } else {
                assertThat(actual).as(text).isEqualTo(expected);
                spliced += actual == null ? 0 : 1;
            }
        }
        assertThat(spliced).isGreaterThan(3_000);
    }

    @Test
    void neverFailsOnBytesThatAreNotJson() {
        var random = new SplittableRandom(5);
        var alphabet = bytes("{}[]\":,\\ model 1e-");
        for (int i = 0; i < 50_000; i++) {
            var body = new byte[random.nextInt(40)];
            for (int b = 0; b < body.length; b++) {
                body[b] = alphabet[random.nextInt(alphabet.length)];
            }
            var spliced = BodySplice.replaceModel(body, "m");
            if (spliced != null) {
                assertThat(new String(spliced, StandardCharsets.UTF_8)).contains("\"m\"");
            }
        }
    }

    private static ObjectNode randomBody(SplittableRandom random) {
        var nodes = JsonNodeFactory.instance;
        var fields = new ArrayList<String>(java.util.List.of("messages", "temperature", "metadata", "stop", "n", "tools"));
        if (random.nextInt(10) > 0) {
            fields.add("model");
        }
        if (random.nextInt(20) == 0) {
            fields.add("we\"ird\\name");
        }
        Collections.shuffle(fields, new java.util.Random(random.nextLong()));
        var body = nodes.objectNode();
        for (var field : fields) {
            switch (field) {
                case "model" -> {
                    if (random.nextInt(20) == 0) {
                        body.put(field, random.nextInt(100));
                    } else {
                        body.put(field, "asked-" + randomText(random));
                    }
                }
                case "messages" -> {
                    var messages = body.putArray(field);
                    for (int m = random.nextInt(4); m > 0; m--) {
                        messages.addObject().put("role", "user").put("content", randomText(random)).put("model", randomText(random));
                    }
                }
                case "metadata" -> body.putObject(field).put("model", randomText(random)).putArray("tags").add(randomText(random)).add(1);
                case "temperature" -> body.put(field, random.nextDouble() * 2);
                case "stop" -> body.putNull(field);
                case "n" -> body.put(field, random.nextBoolean());
                case "tools" -> body.putArray(field).addArray().addObject().putArray("x");
                default -> body.put(field, randomText(random));
            }
        }
        return body;
    }

    private static String randomText(SplittableRandom random) {
        String[] pieces = {"a", "b", " ", "{", "}", "[", "]", ":", ",", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "日", "🙂", "model"};
        var text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    /** The splice as a streaming parser finds the field: the reference the byte walk is held to. */
    private static byte[] parserSplice(byte[] body, String model) throws IOException {
        try (var parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean isModel = "model".equals(parser.currentName());
                var value = parser.nextToken();
                if (!isModel) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    return null;
                }
                int start = (int) parser.currentTokenLocation().getByteOffset();
                parser.finishToken();
                int end = (int) parser.currentLocation().getByteOffset();
                var quoted = new String(JsonNodeFactory.instance.textNode(model).toString().getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                var out = new byte[body.length - (end - start) + quoted.length];
                System.arraycopy(body, 0, out, 0, start);
                System.arraycopy(quoted, 0, out, start, quoted.length);
                System.arraycopy(body, end, out, start + quoted.length, body.length - end);
                return out;
            }
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":42}", "{\"messages\":[]}", "[\"model\"]", "{\"model\":null}", "{\"model\":\"unterminated",
            "{\"messages\":[1,2", "{\"a\":1 \"model\":\"x\"}", "{\"a\" 1,\"model\":\"x\"}", "", "{", "{\"model\":", "  "})
    void declinesBodiesOfAnotherShape(String body) {
        assertThat(BodySplice.replaceModel(bytes(body), "m")).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void addsTheUsageOptionAsTheFirstFieldAndKeepsEveryOtherByte() throws Exception {
        var body = " \n{ \"model\": \"m\",\n \"stream\": true }";

        var spliced = new String(BodySplice.addUsageOption(bytes(body)), StandardCharsets.UTF_8);

        assertThat(spliced).isEqualTo(" \n{\"stream_options\":{\"include_usage\":true}, \"model\": \"m\",\n \"stream\": true }");
        assertThat(new ObjectMapper().readTree(spliced).path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void addsTheUsageOptionToAnEmptyObjectWithoutAComma() throws Exception {
        var spliced = BodySplice.addUsageOption(bytes("{ }"));

        assertThat(new ObjectMapper().readTree(spliced).size()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[1]", "{"})
    void leavesTheUsageOptionToTheTreeWhenTheBodyIsNotAnObject(String body) {
        assertThat(BodySplice.addUsageOption(bytes(body))).isNull();
    }
}
