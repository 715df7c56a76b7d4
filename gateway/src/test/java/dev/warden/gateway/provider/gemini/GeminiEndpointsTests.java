package dev.warden.gateway.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiEndpointsTests {

    @Test
    void putsTheModelInThePathOfAWholeResponse() {
        var path = GeminiEndpoints.path("gemini-2.5-flash", false);

        assertThat(path).isEqualTo("/models/gemini-2.5-flash:generateContent");
    }

    @Test
    void asksForServerSentEventsWhenStreaming() {
        var path = GeminiEndpoints.path("gemini-2.5-flash", true);

        assertThat(path).isEqualTo("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    }

    @Test
    void toleratesGeminisOwnModelsPrefix() {
        var path = GeminiEndpoints.path("models/gemini-2.5-pro", false);

        assertThat(path).isEqualTo("/models/gemini-2.5-pro:generateContent");
    }

    @Test
    void encodesCharactersThatWouldChangeThePath() {
        var path = GeminiEndpoints.path("my model/../x?y#z", false);

        assertThat(path).isEqualTo("/models/my%20model%2F..%2Fx%3Fy%23z:generateContent");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "models/"})
    void refusesAModelThatNamesNothing(String model) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiEndpoints.path(model, false))
                .withMessageContaining("model");
    }

    @Test
    void refusesANullModel() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GeminiEndpoints.path(null, true))
                .withMessageContaining("model");
    }
}
