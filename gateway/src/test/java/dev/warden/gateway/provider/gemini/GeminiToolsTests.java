package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.GoldenJson.assertJson;
import static dev.warden.gateway.provider.gemini.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiToolsTests {

    private static final String TOOLS = """
            [{"type": "function", "function": {
               "name": "get_weather", "description": "Current weather", "strict": true,
               "parameters": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "additionalProperties": false, "required": ["city"],
                 "properties": {"city": {"type": "string", "description": "City name"},
                                "days": {"type": "array", "items": {"type": "object", "additionalProperties": false,
                                         "properties": {"day": {"type": "integer"}}}}}}}},
             {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {}}}},
             {"type": "function", "function": {"name": "ping"}}]
            """;

    @Test
    void declaresAllFunctionsInOneToolWithoutTheSchemaKeywordsGeminiRejects() {
        var request = json("{\"messages\": [], \"tools\": " + TOOLS + "}");

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini, """
                {"contents": [],
                 "tools": [{"functionDeclarations": [
                   {"name": "get_weather", "description": "Current weather",
                    "parameters": {"type": "object", "required": ["city"],
                      "properties": {"city": {"type": "string", "description": "City name"},
                                     "days": {"type": "array", "items": {"type": "object",
                                              "properties": {"day": {"type": "integer"}}}}}}},
                   {"name": "get_time"},
                   {"name": "ping"}]}]}
                """);
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "none, NONE", "required, ANY"})
    void mapsToolChoiceToAFunctionCallingMode(String choice, String mode) {
        var request = json("{\"messages\": [], \"tool_choice\": \"" + choice + "\", \"tools\": " + TOOLS + "}");

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini.get("toolConfig"), "{\"functionCallingConfig\": {\"mode\": \"" + mode + "\"}}");
    }

    @Test
    void forcesANamedFunctionWithAnyModeAndAllowedNames() {
        var request = json("""
                {"messages": [], "tool_choice": {"type": "function", "function": {"name": "get_time"}}, "tools": %s}
                """.formatted(TOOLS));

        var gemini = GeminiRequests.fromOpenAi(request);

        assertJson(gemini.get("toolConfig"), """
                {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_time"]}}
                """);
    }

    @Test
    void sendsNoToolConfigWhenThereAreNoTools() {
        var request = json("""
                {"messages": [], "tools": [], "tool_choice": "none"}
                """);

        var gemini = GeminiRequests.fromOpenAi(request);

        assertThat(gemini.has("tools")).isFalse();
        assertThat(gemini.has("toolConfig")).isFalse();
    }

    @Test
    void refusesAToolThatIsNotAFunction() {
        var request = json("""
                {"messages": [], "tools": [{"type": "custom", "custom": {"name": "grep"}}]}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiRequests.fromOpenAi(request))
                .withMessageStartingWith("tools[0].type");
    }

    @Test
    void refusesAToolChoiceItDoesNotKnow() {
        var request = json("{\"messages\": [], \"tool_choice\": \"sometimes\", \"tools\": " + TOOLS + "}");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiRequests.fromOpenAi(request))
                .withMessageStartingWith("tool_choice");
    }

    @Test
    void refusesAFunctionChoiceWithoutAName() {
        var request = json("{\"messages\": [], \"tool_choice\": {\"type\": \"function\"}, \"tools\": " + TOOLS + "}");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiRequests.fromOpenAi(request))
                .withMessageStartingWith("tool_choice");
    }
}
