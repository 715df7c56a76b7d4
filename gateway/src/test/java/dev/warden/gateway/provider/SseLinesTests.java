package dev.warden.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLinesTests {

    @Test
    void splitsOnLfAndCrlfAndKeepsBlankLinesThatEndEvents() throws IOException {
        var lines = readAll(stream("data: {\"a\":1}\r\n\r\ndata: [DONE]\n\n"));

        assertThat(lines).containsExactly("data: {\"a\":1}", "", "data: [DONE]", "");
    }

    @Test
    void returnsALastLineWithoutAnEnding() throws IOException {
        assertThat(readAll(stream("data: partial"))).containsExactly("data: partial");
    }

    @Test
    void joinsALineThatArrivesInManySmallReads() throws IOException {
        assertThat(readAll(oneByteAtATime("data: héllo wörld\n"))).containsExactly("data: héllo wörld");
    }

    @Test
    void dropsACarriageReturnThatArrivesApartFromItsLineFeed() throws IOException {
        assertThat(readAll(oneByteAtATime("data: a\r\n\r\ndata: b\n"))).containsExactly("data: a", "", "data: b");
    }

    @Test
    void dropsACarriageReturnAtTheEndOfAFullBuffer() throws IOException {
        // 8,191 bytes and the CR fill the 8 KB buffer; the LF comes with the next read
        var line = "data: " + "x".repeat(8185);

        assertThat(readAll(stream(line + "\r\ndata: b\r\n"))).containsExactly(line, "data: b");
    }

    @Test
    void refusesALineOverItsLimit() {
        var reader = new SseLines(stream("data: " + "x".repeat(4 * 1024 * 1024) + "\n"));

        assertThatThrownBy(reader::next).isInstanceOf(IOException.class).hasMessageContaining("longer than");
    }

    @Test
    void handlesLinesLongerThanItsBuffer() throws IOException {
        var longLine = "data: " + "x".repeat(100_000);

        assertThat(readAll(stream(longLine + "\n"))).containsExactly(longLine);
    }

    /** A stream that gives one byte per read, as a slow upstream might. */
    private static InputStream oneByteAtATime(String text) {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < bytes.length ? bytes[next++] & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (next >= bytes.length) {
                    return -1;
                }
                buffer[offset] = bytes[next++];
                return 1;
            }
        };
    }

    private static List<String> readAllEvents(InputStream in) throws IOException {
        var events = new SseEvents(in);
        var read = new ArrayList<String>();
        for (var event = events.next(); event != null; event = events.next()) {
            read.add(describe(event));
        }
        return read;
    }

    private static String describe(SseEvent event) {
        return event.event() + "|" + event.data() + "|"
                + String.join("\\n", event.lines().stream().map(line -> new String(line, StandardCharsets.UTF_8)).toList());
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> readAll(InputStream in) throws IOException {
        var reader = new SseLines(in);
        var lines = new ArrayList<String>();
        for (var line = reader.next(); line != null; line = reader.next()) {
            lines.add(new String(line, StandardCharsets.UTF_8));
        }
        return lines;
    }

    @Test
    void tellsWhetherTheNextEventIsReadAlready() throws IOException {
        var events = new SseEvents(stream("data: a\n\nevent: ping\r\n\r\n: comment\n\ndata: b\n"));

        assertThat(events.next().data()).isEqualTo("a");
        assertThat(events.nextIsBuffered()).as("an event line and its blank line").isTrue();
        assertThat(events.next().event()).isEqualTo("ping");
        assertThat(events.nextIsBuffered()).as("a comment, then an event without its blank line").isFalse();
    }

    @Test
    void aCommentAloneIsNoEventAtHand() throws IOException {
        var events = new SseEvents(stream("data: a\n\n: keep-alive\n\n\n"));

        events.next();

        assertThat(events.nextIsBuffered()).isFalse();
    }

    /** Random streams in random reads: whenever the next event is said to be at hand, reading it reads nothing more. */
    @Test
    void anEventSaidToBeAtHandIsReadWithoutWaitingForTheStream() throws IOException {
        var random = new java.util.Random(11);
        int atHand = 0;
        for (int round = 0; round < 2_000; round++) {
            var text = new StringBuilder();
            for (int k = random.nextInt(24); k > 0; k--) {
                String end = random.nextBoolean() ? "\n" : "\r\n";
                switch (random.nextInt(6)) {
                    case 0 -> text.append(": keep-alive").append(end);
                    case 1 -> text.append("event: e").append(k).append(end);
                    case 2 -> text.append(end);
                    case 3 -> text.append("id: ").append(k).append(end);
                    default -> text.append("data: {\"k\":").append(k).append('}').append(end);
                }
            }
            var bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            var counted = new InputStream() {
                int at;
                int reads;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    reads++;
                    if (at == bytes.length) {
                        return -1;
                    }
                    int rest = bytes.length - at;
                    int n = Math.min(length, random.nextBoolean() ? rest : 1 + random.nextInt(rest));
                    System.arraycopy(bytes, at, buffer, offset, n);
                    at += n;
                    return n;
                }
            };
            var events = new SseEvents(counted);
            var read = new ArrayList<String>();
            while (true) {
                boolean buffered = events.nextIsBuffered();
                int reads = counted.reads;
                var event = events.next();
                if (buffered) {
                    atHand++;
                    assertThat(counted.reads).as(text.toString()).isEqualTo(reads);
                    assertThat(event).isNotNull();
                }
                if (event == null) {
                    break;
                }
                read.add(describe(event));
            }
            // however the stream was cut into reads, the events are those of the whole stream read at once
            assertThat(read).as(text.toString()).isEqualTo(readAllEvents(stream(text.toString())));
        }
        assertThat(atHand).as("events found at hand, so that the check is exercised").isGreaterThan(500);
    }
}
