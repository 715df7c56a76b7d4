package dev.warden.gateway.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * In strict durability a model request is still fetched and relayed on the event loop, and the
 * wait for its record to be on disk is the decision log's sync thread's, which a waiting request
 * wakes: with the periodic sync an hour apart, an answer that waited for it would not come. That
 * the response ends only once the record is on disk is held under a killed process by
 * {@code DecisionLogDurabilityIntegrationTests}, which runs this path too.
 */
@TestPropertySource(properties = {"warden.server.front=netty", "warden.decision-log.durability=strict",
        "warden.decision-log.sync-interval=1h", "warden.test.variant=_strict"})
class StrictDurabilityOnTheLoopIntegrationTests extends WardenIntegrationTest {

    private static final String CHAT = "{\"model\":\"" + FakeOpenAi.MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Autowired
    private MeterRegistry meters;

    @Test
    @Timeout(60)
    void servesWholeAnswersAndStreamsOnTheLoopAndRecordsEach() {
        var key = newKey("strict");
        assertThat(post("/v1/chat/completions", key, CHAT).statusCode()).isEqualTo(200);
        double loop = onTheLoop();

        var whole = post("/v1/chat/completions", key, CHAT);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(json(whole.body()).path("object").asText()).isEqualTo("chat.completion");

        var streamed = post("/v1/chat/completions", key, CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body()).contains("\"chat.completion.chunk\"").endsWith("data: [DONE]\n\n");

        assertThat(onTheLoop()).as("both served on the loop").isEqualTo(loop + 2);
        for (var answer : List.of(whole, streamed)) {
            var id = answer.headers().firstValue("x-warden-decision-id").orElseThrow();
            assertThat(awaitRecord(id).get("status")).isEqualTo(200);
        }
    }

    private double onTheLoop() {
        return meters.get("warden.gateway.loop.requests").tags("on", "loop", "why", "none").counter().count();
    }

    private Map<String, Object> awaitRecord(String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", UUID.fromString(id)),
                rows -> rows.size() == 1).getFirst();
    }
}
