package dev.warden.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBytesTests {

    @Test
    void readsAWholeValueToItsEnd() {
        for (var json : new String[] {"\"a\\\"b\"", "-1.5e3", "true", "null", "{}", "[]", "{ \"a\" : [1, {\"b\": null}], \"c\":\"d\" }"}) {
            var bytes = (json + " ,rest").getBytes(StandardCharsets.UTF_8);
            assertThat(JsonBytes.value(bytes, 0, 8, 32)).as(json).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void refusesWhatIsNotOneValue() {
        for (var json : new String[] {"", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "{1:2}", "[1 2]", "tru", "\"open", "01x"}) {
            var bytes = json.getBytes(StandardCharsets.UTF_8);
            int end = JsonBytes.value(bytes, 0, 8, 32);
            assertThat(end == JsonBytes.INVALID || end < bytes.length).as(json).isTrue();
        }
    }

    @Test
    void refusesNestingDeeperThanItsBound() {
        var deep = ("[".repeat(9) + "]".repeat(9)).getBytes(StandardCharsets.UTF_8);

        assertThat(JsonBytes.value(deep, 0, 8, 32)).isEqualTo(JsonBytes.INVALID);
        assertThat(JsonBytes.value(deep, 0, 9, 32)).isEqualTo(deep.length);
    }
}
