package dev.warden.gateway.provider.gemini;

import static dev.warden.gateway.provider.gemini.GoldenJson.assertJson;
import static dev.warden.gateway.provider.gemini.GoldenJson.json;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class GeminiSchemasTests {

    @Test
    void dropsUnknownKeywordsAtEveryDepthButKeepsPropertiesNamedLikeThem() {
        var schema = json("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "$id": "x", "type": "object",
                 "additionalProperties": false, "patternProperties": {"^x": {}},
                 "properties": {
                   "additionalProperties": {"type": "boolean", "examples": [true]},
                   "tags": {"type": "array", "uniqueItems": true, "items": {"type": "string", "$comment": "c"}},
                   "choice": {"anyOf": [{"type": "string", "additionalProperties": false}, {"type": "integer"}]}}}
                """);

        var cleaned = GeminiSchemas.clean(schema, "parameters");

        assertJson(cleaned, """
                {"type": "object", "properties": {
                   "additionalProperties": {"type": "boolean"},
                   "tags": {"type": "array", "items": {"type": "string"}},
                   "choice": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}}
                """);
    }

    @Test
    void copiesDefaultsAndExamplesAsTheyAreRatherThanAsSchemas() {
        var schema = json("""
                {"type": "object", "default": {"additionalProperties": 1}, "example": {"$schema": "kept"},
                 "properties": {"mode": {"type": "string", "enum": ["a", "b"], "default": "a"}}}
                """);

        var cleaned = GeminiSchemas.clean(schema, "parameters");

        assertJson(cleaned, schema.toString());
    }

    @Test
    void inlinesLocalReferencesLettingTheReferrersOwnFieldsWin() {
        var schema = json("""
                {"type": "object", "$defs": {"Address": {"type": "object", "description": "An address",
                   "additionalProperties": false, "properties": {"city": {"type": "string"}}}},
                 "properties": {
                   "home": {"$ref": "#/$defs/Address", "description": "Where they live"},
                   "work": {"allOf": [{"$ref": "#/$defs/Address"}]},
                   "old": {"anyOf": [{"$ref": "#/definitions/Street"}, {"type": "null"}]}},
                 "definitions": {"Street": {"type": "string"}}}
                """);

        var cleaned = GeminiSchemas.clean(schema, "parameters");

        assertJson(cleaned, """
                {"type": "object", "properties": {
                   "home": {"type": "object", "description": "Where they live", "properties": {"city": {"type": "string"}}},
                   "work": {"type": "object", "description": "An address", "properties": {"city": {"type": "string"}}},
                   "old": {"type": "string", "nullable": true}}}
                """);
    }

    @Test
    void turnsNullAlternativesIntoNullableAndOneOfIntoAnyOf() {
        var schema = json("""
                {"type": "object", "properties": {
                   "a": {"type": ["integer", "null"]},
                   "b": {"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}]},
                   "c": {"const": "fixed", "type": "string"}}}
                """);

        var cleaned = GeminiSchemas.clean(schema, "parameters");

        assertJson(cleaned, """
                {"type": "object", "properties": {
                   "a": {"type": "integer", "nullable": true},
                   "b": {"anyOf": [{"type": "string"}, {"type": "number"}], "nullable": true},
                   "c": {"type": "string", "enum": ["fixed"]}}}
                """);
    }

    @Test
    void keepsOnlyTheStringFormatsGeminiAccepts() {
        var schema = json("""
                {"type": "object", "properties": {
                   "site": {"type": "string", "format": "uri"},
                   "when": {"type": "string", "format": "date-time"},
                   "count": {"type": "integer", "format": "int64"}}}
                """);

        var cleaned = GeminiSchemas.clean(schema, "parameters");

        assertJson(cleaned, """
                {"type": "object", "properties": {
                   "site": {"type": "string"},
                   "when": {"type": "string", "format": "date-time"},
                   "count": {"type": "integer", "format": "int64"}}}
                """);
    }

    @Test
    void refusesARecursiveReferenceSinceGeminiCannotExpressIt() {
        var schema = json("""
                {"$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}}},
                 "$ref": "#/$defs/Node"}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiSchemas.clean(schema, "parameters"))
                .withMessageContaining("parameters.properties.next.$ref")
                .withMessageContaining("recursive");
    }

    @Test
    void refusesAReferenceThatPointsNowhere() {
        var schema = json("""
                {"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiSchemas.clean(schema, "parameters"))
                .withMessageStartingWith("parameters.properties.a.$ref");
    }

    @Test
    void refusesAnAllOfOfSeveralSchemas() {
        var schema = json("""
                {"allOf": [{"type": "object"}, {"required": ["a"]}]}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiSchemas.clean(schema, "parameters"))
                .withMessageStartingWith("parameters.allOf");
    }

    @Test
    void refusesSeveralTypesBesidesNull() {
        var schema = json("""
                {"type": "object", "properties": {"a": {"type": ["string", "integer"]}}}
                """);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiSchemas.clean(schema, "parameters"))
                .withMessageStartingWith("parameters.properties.a.type");
    }
}
