package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events as the relays see them: name, data and the raw lines to relay byte for byte. */
class SseEventsTests {

    @Test
    void readsDataWithOrWithoutTheSpaceAfterItsColon() throws IOException {
        var events = events("data: {\"a\":1}\n\ndata:{\"b\":2}\r\n\r\n");

        assertThat(events.next().data()).isEqualTo("{\"a\":1}");
        var second = events.next();
        assertThat(second.data()).isEqualTo("{\"b\":2}");
        assertThat(text(second.lines())).containsExactly("data:{\"b\":2}");
        assertThat(events.next()).isNull();
    }

    @Test
    void joinsSeveralDataLinesWithNewlinesAndKeepsEachLine() throws IOException {
        var event = events("event: message_delta\ndata: one\ndata: two\ndata:three\n\n").next();

        assertThat(event.event()).isEqualTo("message_delta");
        assertThat(event.data()).isEqualTo("one\ntwo\nthree");
        assertThat(text(event.lines())).containsExactly("event: message_delta", "data: one", "data: two", "data:three");
    }

    @Test
    void decodesUtf8InTheData() throws IOException {
        assertThat(events("data: {\"t\":\"héllo wörld ✓\"}\n\n").next().data()).isEqualTo("{\"t\":\"héllo wörld ✓\"}");
    }

    @Test
    void anEventWithANameAndNoDataHasEmptyData() throws IOException {
        var event = events("event:  ping \n\n").next();

        assertThat(event.event()).isEqualTo("ping");
        assertThat(event.data()).isEmpty();
    }

    @Test
    void skipsBlocksOfCommentsAloneAndReturnsAnEventCutOffByTheEnd() throws IOException {
        var events = events(": keep-alive\n\n\n\ndata: partial");

        var cut = events.next();
        assertThat(cut.data()).isEqualTo("partial");
        // the comment is relayed with the next event, as the upstream sent it
        assertThat(text(cut.lines())).containsExactly(": keep-alive", "data: partial");
        assertThat(events.next()).isNull();
    }

    @Test
    void aLineThatLooksLikeAFieldOnlyByItsStartIsNotOne() throws IOException {
        var event = events("dat: x\nevent\ndata: y\n\n").next();

        assertThat(event.event()).isNull();
        assertThat(event.data()).isEqualTo("y");
    }

    private static SseEvents events(String text) {
        InputStream in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new SseEvents(in);
    }

    private static List<String> text(List<byte[]> lines) {
        return lines.stream().map(line -> new String(line, StandardCharsets.UTF_8)).toList();
    }
}
