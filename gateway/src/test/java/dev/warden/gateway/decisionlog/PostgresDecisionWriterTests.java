package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresDecisionWriterTests {

    @Test
    void joinsPayloadsIntoArraysNoLargerThanTheLimitKeepingTheirOrder() {
        var payloads = new ArrayList<byte[]>();
        for (int i = 0; i < 10; i++) {
            payloads.add(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }

        var arrays = PostgresDecisionWriter.jsonArrays(payloads, 20);

        assertThat(text(arrays)).containsExactly("[{\"n\":0},{\"n\":1}]", "[{\"n\":2},{\"n\":3}]", "[{\"n\":4},{\"n\":5}]",
                "[{\"n\":6},{\"n\":7}]", "[{\"n\":8},{\"n\":9}]");
    }

    @Test
    void sendsARecordLargerThanTheLimitAlone() {
        var big = ("{\"body\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8);
        var small = "{}".getBytes(StandardCharsets.UTF_8);

        var arrays = PostgresDecisionWriter.jsonArrays(List.of(small, big, small, small), 20);

        assertThat(text(arrays)).containsExactly("[{}]", "[" + new String(big, StandardCharsets.UTF_8) + "]", "[{},{}]");
    }

    @Test
    void makesOneArrayOfASmallBatch() {
        var arrays = PostgresDecisionWriter.jsonArrays(List.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                PostgresDecisionWriter.MAX_STATEMENT_BYTES);

        assertThat(text(arrays)).containsExactly("[{\"a\":1}]");
    }

    private static List<String> text(List<byte[]> arrays) {
        return arrays.stream().map(array -> new String(array, StandardCharsets.UTF_8)).toList();
    }
}
