package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.GoldenJson.assertJson;
import static dev.warden.gateway.provider.gemini.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiGenerationTests {

    @Test
    void translatesSamplingAndLengthOptionsIntoGenerationConfig() {
        var request = json("""
                {"messages": [], "temperature": 0.2, "top_p": 0.9, "max_tokens": 256, "stop": "END",
                 "n": 1, "seed": 7, "user": "u-1", "presence_penalty": 0.5, "stream": false}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini, """
                {"contents": [],
                 "generationConfig": {"temperature": 0.2, "topP": 0.9, "maxOutputTokens": 256,
                                      "stopSequences": ["END"], "candidateCount": 1, "seed": 7}}
                """);
    }

    @Test
    void prefersMaxCompletionTokensOverTheDeprecatedMaxTokens() {
        var request = json("""
                {"messages": [], "max_tokens": 100, "max_completion_tokens": 300, "stop": ["a", "b"]}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini.get("generationConfig"), """
                {"maxOutputTokens": 300, "stopSequences": ["a", "b"]}
                """);
    }

    @Test
    void sendsNoGenerationConfigWhenNothingIsSet() {
        var request = json("""
                {"messages": [], "response_format": {"type": "text"}, "stop": null}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertThat(gemini.has("generationConfig")).isFalse();
    }

    @Test
    void asksForJsonForAJsonObjectResponseFormat() {
        var request = json("""
                {"messages": [], "response_format": {"type": "json_object"}}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini.get("generationConfig"), """
                {"responseMimeType": "application/json"}
                """);
    }

    @Test
    void sendsAJsonSchemaResponseFormatAsAResponseSchemaGeminiAccepts() {
        var request = json("""
                {"messages": [], "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
                  "schema": {"type": "object", "additionalProperties": false, "required": ["answer"],
                             "properties": {"answer": {"type": "string"}, "confidence": {"type": ["number", "null"]}}}}}}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini.get("generationConfig"), """
                {"responseMimeType": "application/json",
                 "responseSchema": {"type": "object", "required": ["answer"],
                   "properties": {"answer": {"type": "string"}, "confidence": {"type": "number", "nullable": true}}}}
                """);
    }

    @Test
    void refusesMoreThanOneChoiceSinceOnlyOneIsRelayed() {
        var request = json("""
                {"messages": [], "n": 2}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiRequests.fromOpenAi(request))
                .withMessageStartingWith("n must be 1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            temperature as text          | {"temperature": "hot"}                         | temperature
            top_p as text                | {"top_p": "high"}                              | top_p
            a fractional token limit     | {"max_tokens": 1.5}                            | max_tokens
            stop as a number             | {"stop": 5}                                    | stop
            stop with a number in it     | {"stop": ["a", 5]}                             | stop
            an unknown response format   | {"response_format": {"type": "xml"}}           | response_format.type
            a json_schema without schema | {"response_format": {"type": "json_schema", "json_schema": {"name": "x"}}} | response_format.json_schema.schema
            """)
    void refusesOptionsOfTheWrongShapeNamingTheField(String what, String options, String field) {
        var request = json(options.replaceFirst("\\{", "{\"messages\": [], "));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiRequests.fromOpenAi(request))
                .withMessageStartingWith(field);
    }
}
