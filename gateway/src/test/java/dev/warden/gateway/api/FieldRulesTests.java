package dev.warden.gateway.api;

import static dev.warden.gateway.api.FieldRules.Kind.ARRAY;
import static dev.warden.gateway.api.FieldRules.Kind.INTEGER;
import static dev.warden.gateway.api.FieldRules.Kind.NUMBER;
import static dev.warden.gateway.api.FieldRules.Kind.OBJECT;
import static dev.warden.gateway.api.FieldRules.Kind.STRING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FieldRulesTests {

    private final FieldRules rules = FieldRules.requiring("model")
            .field("model", STRING)
            .field("max_tokens", INTEGER)
            .field("temperature", NUMBER)
            .field("stop", STRING, ARRAY)
            .field("metadata", OBJECT);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"model\":\"m\"}",
            "{\"model\":\"m\",\"max_tokens\":100,\"temperature\":1,\"stop\":[\"x\"]}",
            "{\"model\":\"m\",\"temperature\":0.5,\"stop\":\"x\",\"metadata\":{}}",
            "{\"model\":\"m\",\"max_tokens\":null,\"unknown\":[1,{}]}"})
    void acceptsBodiesWhoseKnownFieldsHaveTheirTypes(String body) {
        assertThatCode(() -> rules.check(parse(body))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                   | model      | Missing required parameter",
            "{\"model\":null}                     | model      | Missing required parameter",
            "{\"model\":1}                        | model      | expected a string, but got an integer",
            "{\"model\":\"m\",\"max_tokens\":1.5} | max_tokens | expected an integer, but got a number",
            "{\"model\":\"m\",\"stop\":3}         | stop       | expected a string or an array",
            "{\"model\":\"m\",\"metadata\":[]}    | metadata   | expected an object, but got an array"})
    void refusesAWrongOrMissingFieldNamingIt(String body, String param, String message) {
        assertThatThrownBy(() -> rules.check(parse(body)))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.status().value()).isEqualTo(400);
                })
                .hasMessageContaining(message);
    }

    @Test
    void wireJsonRefusesDuplicateKeys() {
        assertThatThrownBy(() -> new WireJson().parseObject("{\"model\":\"a\",\"model\":\"b\"}".getBytes()))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("not valid JSON");
    }

    private static ObjectNode parse(String body) throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(body);
    }
}
