package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

class WireJsonTests {

    private final WireJson wire = new WireJson();

    @ParameterizedTest
    @ValueSource(strings = {"{}", " {\"a\":[1,{\"b\":null}],\"c\":\"d\"} ", "{\"id\":\"x\",\"choices\":[{\"delta\":{\"content\":\"é\"}}]}",
            "{\"a\":1,\"a\":2}"})
    void acceptsOneWholeObjectWhateverItsFields(String text) {
        assertThat(wire.isObject(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"text\"", "42", "{\"a\":1", "{\"a\":1}{}", "{\"a\":1} x", "{a:1}", "{\"a\":tru}", "[DONE]"})
    void refusesAnythingElse(String text) {
        assertThat(wire.isObject(text)).isFalse();
    }

    @Test
    void parsesARequestKeepingItsNumbersAsWritten() {
        var body = wire.parseObject(bytes("{\"model\":\"m\",\"temperature\":0.70,\"n\":12345678901234567890,\"x\":{\"y\":[1e2]}}"));

        assertThat(new String(wire.write(body), StandardCharsets.UTF_8))
                .isEqualTo("{\"model\":\"m\",\"temperature\":0.70,\"n\":12345678901234567890,\"x\":{\"y\":[1E+2]}}");
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                  | The request body is empty",
            "'   '               | The request body is empty",
            "[1]                 | must be a JSON object",
            "'\"text\"'          | must be a JSON object",
            "'{\"a\":1} {}'        | The request body is not valid JSON",
            "'{\"a\":1,\"a\":2}'   | Duplicate field 'a'",
            "'{\"a\":{\"b\":1,\"b\":1}}' | Duplicate field 'b'",
            "'{\"a\":1'           | The request body is not valid JSON",
            "'{\"a\":NaN}'        | The request body is not valid JSON"})
    void refusesARequestThatIsNotOneJsonObjectSayingWhy(String body, String message) {
        assertThatThrownBy(() -> wire.parseObject(bytes(body)))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
                .hasMessageContaining(message);
    }

    @Test
    void readsAnUpstreamsJsonLenientlyAsNullWhenItIsNotJson() {
        assertThat(wire.parseLenient("[1, 2]").size()).isEqualTo(2);
        assertThat(wire.parseLenient(bytes("{\"a\":1}")).get("a").asInt()).isEqualTo(1);
        assertThat(wire.parseLenient("<html>")).isNull();
        assertThat(wire.parseLenient("{\"a\":1} trailing")).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
