package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonBufferTests {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void writesUuidsAsTheJdkDoes() {
        var random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            var uuid = new UUID(random.nextLong(), random.nextLong());
            assertThat(written(new JsonBuffer(8).uuid(uuid))).isEqualTo(quoted(uuid.toString()));
        }
        for (var uuid : new UUID[] {new UUID(0, 0), new UUID(-1, -1), UUID.fromString("0196f3a0-0000-7000-8000-00000000000f")}) {
            assertThat(written(new JsonBuffer(8).uuid(uuid))).isEqualTo(quoted(uuid.toString()));
        }
        assertThat(written(new JsonBuffer(8).uuid(null))).isEqualTo("null");
    }

    @Test
    void writesInstantsAsTheJdkDoesWithEveryPrecision() {
        var random = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            long seconds = random.nextLong(YEAR_0 - 1_000_000_000L, YEAR_10000 + 1_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertWrittenAsTheJdkDoes(Instant.ofEpochSecond(seconds, nanos));
        }
    }

    @Test
    void writesTheEdgesOfEveryYearMonthAndDayAsTheJdkDoes() {
        for (var text : new String[] {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "-0001-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.100Z", "2000-02-29T12:00:00.000001Z",
                "1900-02-28T23:59:59Z", "1900-03-01T00:00:00Z", "2100-03-01T00:00:00Z", "2026-12-05T23:31:38.123456789Z"}) {
            assertWrittenAsTheJdkDoes(Instant.parse(text));
        }
        for (long day = -800_000; day < 800_000; day += 3) {
            assertWrittenAsTheJdkDoes(Instant.ofEpochSecond(day * 86_400 + 86_399));
        }
        assertThat(written(new JsonBuffer(8).instant(null))).isEqualTo("null");
    }

    @Test
    void separatesIdentifiersAndTimestampsLikeAnyOtherValue() {
        var json = new JsonBuffer(4).startObject();
        json.name("id").uuid(new UUID(1, 2));
        json.name("at").instant(Instant.EPOCH);
        json.name("ids").startArray().uuid(null).uuid(new UUID(3, 4)).endArray();

        assertThat(written(json.endObject())).isEqualTo("{\"id\":\"00000000-0000-0001-0000-000000000002\",\"at\":\"1970-01-01T00:00:00Z\","
                + "\"ids\":[null,\"00000000-0000-0003-0000-000000000004\"]}");
    }

    private static void assertWrittenAsTheJdkDoes(Instant instant) {
        assertThat(written(new JsonBuffer(8).instant(instant))).as("%s", instant).isEqualTo(quoted(instant.toString()));
    }

    private static String written(JsonBuffer json) {
        return new String(json.toByteArray(), StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return '"' + text + '"';
    }
}
