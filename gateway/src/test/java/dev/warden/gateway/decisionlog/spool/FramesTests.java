package dev.warden.gateway.decisionlog.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramesTests {

    @TempDir
    Path directory;

    @Test
    void readsEveryFrameWhateverTheWindowAndWhereverFramesCrossItsEdge() throws IOException {
        var random = new Random(7);
        var payloads = new ArrayList<byte[]>();
        for (int i = 0; i < 300; i++) {
            var payload = new byte[random.nextInt(i % 50 == 0 ? 400 : 60)]; // now and then larger than the window
            random.nextBytes(payload);
            payloads.add(payload);
        }
        var file = write(payloads, null);

        for (int window : new int[] {8, 9, 64, 100, 4096, Frames.Reader.WINDOW}) {
            assertThat(readAll(file, window)).as("window %d", window).containsExactlyElementsOf(payloads);
        }
    }

    @Test
    void aFrameWrittenInPlaceIsTheFrameEncodedFromItsPayload() {
        var payload = "{\"id\":\"in place\"}".getBytes();
        var buffer = new byte[Frames.HEADER + payload.length + 5]; // room to spare past the payload
        System.arraycopy(payload, 0, buffer, Frames.HEADER, payload.length);

        var framed = Frames.frame(buffer, payload.length);
        var encoded = Frames.encode(payload);

        assertThat(framed.remaining()).isEqualTo(encoded.remaining());
        assertThat(framed).isEqualTo(encoded);
    }

    @Test
    void stopsAtAFrameCutShortOrDamaged() throws IOException {
        var payloads = List.of("first".getBytes(), "second".getBytes(), "third".getBytes());
        var torn = write(payloads, bytes -> ByteBuffer.wrap(bytes, 0, bytes.length - 2));
        var damaged = write(payloads, bytes -> {
            bytes[bytes.length - 1] ^= 1; // the last payload's last byte no longer matches its checksum
            return ByteBuffer.wrap(bytes);
        });

        for (int window : new int[] {8, 16, Frames.Reader.WINDOW}) {
            assertThat(readAll(torn, window)).containsExactlyElementsOf(payloads.subList(0, 2));
            assertThat(readAll(damaged, window)).containsExactlyElementsOf(payloads.subList(0, 2));
        }
    }

    @Test
    void readsNothingPastTheSizeGivenEvenWhenTheFileHasGrown() throws IOException {
        var payloads = List.of("a".getBytes(), "bb".getBytes(), "ccc".getBytes());
        var file = write(payloads, null);
        long firstTwo = 2L * Frames.HEADER + 3;

        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var reader = new Frames.Reader(channel, firstTwo, 1024);
            var first = reader.read(0);
            var second = reader.read(first.next());

            assertThat(second.payload()).isEqualTo("bb".getBytes());
            assertThat(second.next()).isEqualTo(firstTwo);
            assertThat(reader.read(second.next())).isNull();
        }
    }

    /** What a crash or the disk did to the segment's bytes: the bytes left to write. */
    private interface Damage {
        ByteBuffer apply(byte[] bytes);
    }

    private Path write(List<byte[]> payloads, Damage damage) throws IOException {
        var file = Files.createTempFile(directory, "segment", ".spool");
        var out = new ByteArrayOutputStream();
        for (var payload : payloads) {
            var frame = Frames.encode(payload);
            out.write(frame.array(), frame.position(), frame.remaining());
        }
        byte[] bytes = out.toByteArray();
        var content = damage == null ? ByteBuffer.wrap(bytes) : damage.apply(bytes);
        try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
        }
        return file;
    }

    private static List<byte[]> readAll(Path file, int window) throws IOException {
        var read = new ArrayList<byte[]>();
        try (var channel = FileChannel.open(file, StandardOpenOption.READ)) {
            var reader = new Frames.Reader(channel, channel.size(), window);
            long position = 0;
            Frames.Frame frame;
            while ((frame = reader.read(position)) != null) {
                read.add(frame.payload());
                position = frame.next();
            }
        }
        return read;
    }
}
