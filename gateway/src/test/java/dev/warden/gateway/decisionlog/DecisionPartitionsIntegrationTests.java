package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DecisionPartitionsIntegrationTests extends WardenIntegrationTest {

    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");

    @Autowired
    private DecisionPartitions partitions;

    @Test
    void storesEachDecisionInItsDaysPartitionWithAWeekAhead() {
        var id = post("/v1/chat/completions", newKey("partitioned"), chat(FakeOpenAi.MODEL))
                .headers().firstValue("x-warden-decision-id").orElseThrow();
        var today = LocalDate.now(ZoneOffset.UTC);

        var partition = await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT tableoid::regclass::text FROM decisions WHERE id = ?", String.class, UUID.fromString(id)), rows -> rows.size() == 1);

        assertThat(partition.getFirst()).isIn("decisions_" + today.format(SUFFIX), "decisions_" + today.minusDays(1).format(SUFFIX));
        // The week ahead is kept by the hourly maintenance: one run of it, as on a day that began after
        // the context started (the suite crossing midnight UTC), is what holds it for today.
        partitions.maintain();
        assertThat(partitions.partitions()).contains("decisions_" + today.plusDays(7).format(SUFFIX));
    }

    @Test
    void dropsPartitionsOlderThanTheRetention() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS decisions_20200101 PARTITION OF decisions "
                + "FOR VALUES FROM ('2020-01-01 00:00:00+00') TO ('2020-01-02 00:00:00+00')");
        jdbc.update("INSERT INTO decisions (id, created_at, endpoint, status, outcome, latency_ms, overhead_ms) "
                + "VALUES (?, '2020-01-01 12:00:00+00', '/v1/models', 200, 'ok', 1, 1)", UUID.randomUUID());

        partitions.maintain();

        assertThat(partitions.partitions()).doesNotContain("decisions_20200101");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM decisions WHERE created_at < '2020-01-02'", Long.class)).isZero();
    }
}
