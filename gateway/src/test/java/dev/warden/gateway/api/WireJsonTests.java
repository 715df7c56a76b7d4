package dev.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
}
