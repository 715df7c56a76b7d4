package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events from bytes pushed as the loop reads them: the same events as read from a stream, however the bytes are cut. */
class SseFeedTests {

    private static final String STREAM = """
            : a comment, relayed with the next event\r
            data: {"choices":[{"delta":{"content":"a"}}]}\r
            \r
            event: message_start
            data: {"type":"message_start"}

            data: first line
            data: second line

            data: [DONE]
            """;

    private final List<String> flow = new ArrayList<>();
    private final SseFeed feed = new SseFeed();

    SseFeedTests() {
        feed.attached(new LoopUpstream.Flow() {
            @Override
            public void pause() {
                flow.add("pause");
            }

            @Override
            public void resume() {
                flow.add("resume");
            }

            @Override
            public void cancel() {
                flow.add("cancel");
            }
        });
    }

    @Test
    void makesTheEventsAStreamReaderMakesWhereverTheReadsCutTheBytes() throws IOException {
        var bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        var expected = read(new SseEvents(new ByteArrayInputStream(bytes)));
        assertThat(expected).hasSize(4);

        for (int cut : new int[] {1, 2, 3, 7, 64, bytes.length}) {
            var cutFeed = new SseFeed();
            var events = new ArrayList<SseEvent>();
            cutFeed.listen(() -> {
                for (var event = cutFeed.poll(); event != null; event = cutFeed.poll()) {
                    events.add(event);
                }
            });
            for (int from = 0; from < bytes.length; from += cut) {
                cutFeed.bytes(Unpooled.wrappedBuffer(bytes, from, Math.min(cut, bytes.length - from)));
            }
            cutFeed.end();

            assertThat(cutFeed.ended()).isTrue();
            assertThat(cutFeed.failure()).isNull();
            assertThat(describe(events)).as("read %d bytes at a time", cut).isEqualTo(describe(expected));
        }
    }

    @Test
    void queuesEventsUntilTheyAreTakenAndTellsItsListenerOfEachRead() {
        var told = new int[1];
        feed.listen(() -> told[0]++);

        feed.bytes(buffer("data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: {\"c\""));
        feed.bytes(buffer(":3}\n"));

        assertThat(told[0]).isEqualTo(2);
        assertThat(feed.poll().data()).isEqualTo("{\"a\":1}");
        assertThat(feed.poll().data()).isEqualTo("{\"b\":2}");
        assertThat(feed.poll()).as("the third waits for its blank line").isNull();
        assertThat(feed.ended()).isFalse();

        feed.end();
        assertThat(feed.poll().data()).as("cut off by the end, still returned").isEqualTo("{\"c\":3}");
        assertThat(feed.ended()).isTrue();
    }

    @Test
    void aBreakComesAfterTheEventsBeforeIt() {
        feed.bytes(buffer("data: {\"a\":1}\n\n"));
        feed.broken(new IOException("the connection closed before the answer was whole"));
        feed.bytes(buffer("data: {\"late\":1}\n\n"));

        assertThat(feed.poll().data()).isEqualTo("{\"a\":1}");
        assertThat(feed.poll()).isNull();
        assertThat(feed.failure()).hasMessage("the connection closed before the answer was whole");
        assertThat(feed.ended()).isFalse();
    }

    @Test
    void aLineLongerThanItsBoundFailsTheStreamAndCancelsTheCall() {
        var chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'x');
        feed.bytes(buffer("data: "));
        for (int i = 0; i < 5 && feed.failure() == null; i++) {
            feed.bytes(Unpooled.wrappedBuffer(chunk));
        }

        assertThat(feed.failure()).hasMessageContaining("an event line is longer than");
        assertThat(flow).containsExactly("cancel");
    }

    @Test
    void holdsTheUpstreamBackAndLetsItGoThroughItsFlow() {
        feed.pause();
        feed.resume();

        assertThat(flow).containsExactly("pause", "resume");
    }

    private static List<SseEvent> read(SseEvents events) throws IOException {
        var all = new ArrayList<SseEvent>();
        for (var event = events.next(); event != null; event = events.next()) {
            all.add(event);
        }
        return all;
    }

    /** An event's name, data and raw lines, comparable. */
    private static List<String> describe(List<SseEvent> events) {
        return events.stream().map(event -> event.event() + "|" + event.data() + "|"
                + event.lines().stream().map(line -> new String(line, StandardCharsets.UTF_8)).toList()).toList();
    }

    private static io.netty.buffer.ByteBuf buffer(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
