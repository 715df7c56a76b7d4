package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodySpliceTests {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void replacesTheTopLevelModelAndKeepsEveryOtherByte() {
        var body = "{ \"messages\" : [{\"role\":\"user\",\"content\":\"model \\\"x\\\" \\u00e9\"}],\n"
                + "  \"metadata\": {\"model\": \"nested\"}, \"model\" :\t\"asked\", \"temperature\": 1.50e0 }";

        var spliced = BodySplice.replaceModel(bytes(body), "gpt-4o-mini", FACTORY);

        assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo(body.replace("\"asked\"", "\"gpt-4o-mini\""));
    }

    @Test
    void escapesTheNewModelAsAJsonString() throws Exception {
        var spliced = BodySplice.replaceModel(bytes("{\"model\":\"a\",\"n\":1}"), "we\"ird/mödel\n", FACTORY);

        var tree = new ObjectMapper().readTree(spliced);
        assertThat(tree.path("model").asText()).isEqualTo("we\"ird/mödel\n");
        assertThat(tree.path("n").asInt()).isEqualTo(1);
    }

    @Test
    void handlesAModelThatHadEscapesAndMultiByteCharacters() {
        var body = "{\"model\":\"caf\\u00e9-\u00fc\\\"q\",\"stream\":true}";

        var spliced = BodySplice.replaceModel(bytes(body), "m", FACTORY);

        assertThat(new String(spliced, StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\",\"stream\":true}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"model\":42}", "{\"messages\":[]}", "[\"model\"]", "{\"model\":null}", "{\"model\":\"unterminated"})
    void declinesBodiesOfAnotherShape(String body) {
        assertThat(BodySplice.replaceModel(bytes(body), "m", FACTORY)).isNull();
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
