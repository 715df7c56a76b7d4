package dev.warden.gateway.intent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LastUserMessageTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void takesTheLastUserMessageNotTheSystemOrAssistantOnes() throws Exception {
        var body = JSON.readTree("""
                {"messages":[{"role":"system","content":"Be brief"},{"role":"user","content":"first question"},
                 {"role":"assistant","content":"an answer"},{"role":"user","content":"  second question  "},
                 {"role":"assistant","content":"another"}]}""");

        assertThat(LastUserMessage.of(body)).isEqualTo("second question");
    }

    @Test
    void joinsTheTextPartsOfMultipartContent() throws Exception {
        var body = JSON.readTree("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"Describe"},
                 {"type":"image_url","image_url":{"url":"data:x"}},{"type":"text","text":"this picture"}]}]}""");

        assertThat(LastUserMessage.of(body)).isEqualTo("Describe\nthis picture");
    }

    @Test
    void isNullWithoutAUserMessageWithText() throws Exception {
        assertThat(LastUserMessage.of(JSON.readTree("{\"input\":\"x\"}"))).isNull();
        assertThat(LastUserMessage.of(JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"  \"}]}"))).isNull();
    }

    @Test
    void keepsTheOpeningAndTheEndOfALongMessage() {
        var text = "Review this contract for risks. " + "clause ".repeat(500) + "Is the termination clause fair?";

        var cut = LastUserMessage.cut(text);

        assertThat(cut).startsWith("Review this contract for risks.").endsWith("Is the termination clause fair?");
        assertThat(cut.length()).isLessThanOrEqualTo(LastUserMessage.HEAD_CHARS + LastUserMessage.TAIL_CHARS + 3);
    }
}
