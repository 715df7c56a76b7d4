package dev.warden.gateway.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import dev.warden.gateway.fake.FreezingRelay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database stops answering and reading in the middle of the shipper's {@code COPY}, its
 * connection left open: the write fails within its bounds and the next one, on a new connection,
 * stores the batch. The read bound alone ends a wait for an answer, not a write that the full
 * buffers of a server that stopped reading hold for good.
 */
class SilentCopyIntegrationTests {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final List<Exception> unreadable = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private BenchDatabase database;
    private FreezingRelay relay;
    private PostgresDecisionWriter writer;

    @BeforeEach
    void databaseBehindARelay() throws Exception {
        database = new BenchDatabase(new DecisionLogProperties(DecisionLogProperties.Durability.RELAXED, Duration.ofMillis(100), 2000,
                Duration.ofMillis(100), Duration.ofSeconds(60), null, null));
        relay = new FreezingRelay("127.0.0.1", database.port());
        var source = new PGSimpleDataSource();
        source.setURL("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres?user=postgres");
        source.setSocketTimeout(1); // each write step then has 2 s
        // A small send buffer, so that the large batch below outgrows what the sockets hold on any host.
        source.setSendBufferSize(64 * 1024);
        writer = new PostgresDecisionWriter(new JdbcTemplate(source), json, meters);
    }

    @AfterEach
    void close() throws Exception {
        writer.close();
        relay.close();
        database.close();
    }

    @Test
    void aCopyWhoseEndGoesUnansweredFailsAndTheBatchShipsOnANewConnection() throws Exception {
        var payloads = payloads(2, "");

        // The server has answered the COPY and then hears nothing more of it.
        relay.freezeAfterClientSends("COPY decisions");
        failsWithinItsBounds(payloads);

        writer.write(batch(payloads));
        assertThat(stored()).isEqualTo(2);
        assertThat(unreadable).isEmpty();
    }

    @Test
    void aCopyLargerThanTheSocketsHoldToADatabaseThatStoppedReadingFailsAndShipsOnANewConnection() throws Exception {
        // 16 MB: more than the sockets' buffers hold, so the write itself blocks.
        var payloads = payloads(64, "x".repeat(256 * 1024));

        relay.freezeAfterClientSends("COPY decisions");
        failsWithinItsBounds(payloads);
        assertThat(aborted()).as("ended by the write's deadline").isEqualTo(1);

        writer.write(batch(payloads));
        assertThat(stored()).isEqualTo(64);
    }

    @Test
    void aPooledConnectionWhoseCopyWentUnansweredIsNotHandedOutAgain() throws Exception {
        var payloads = payloads(2, "");
        try (var pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + relay.port() + "/postgres?user=postgres");
            pool.addDataSourceProperty("socketTimeout", "1");
            pool.setMaximumPoolSize(1);
            pool.setConnectionTimeout(5000);
            var pooled = new PostgresDecisionWriter(new JdbcTemplate(pool), json, meters);
            try {
                // The COPY itself is never answered: the driver's COPY API fails under the pool's proxy, which
                // does not see it, and the pool validates a connection only once idle for over half a second.
                relay.freezeWhenClientSends("COPY decisions");
                assertTimeoutPreemptively(Duration.ofSeconds(20),
                        () -> assertThatThrownBy(() -> pooled.write(batch(payloads))).isInstanceOf(DataAccessException.class));

                pooled.write(batch(payloads));
                assertThat(stored()).isEqualTo(2);
            } finally {
                pooled.close();
            }
        }
    }

    private void failsWithinItsBounds(List<byte[]> payloads) {
        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThatThrownBy(() -> writer.write(batch(payloads))).isInstanceOf(DataAccessException.class));
    }

    private SpooledDecisions batch(List<byte[]> payloads) {
        return new SpooledDecisions(payloads, json, unreadable::add);
    }

    private double aborted() {
        return meters.counter("warden.decisions.ship.write.aborted").count();
    }

    private long stored() {
        return database.jdbc().queryForObject("SELECT count(*) FROM decisions", Long.class);
    }

    /** Spooled records, each with {@code body} as its recorded request when it is not empty. */
    private static List<byte[]> payloads(int count, String body) throws Exception {
        var payloads = new ArrayList<byte[]>();
        for (int i = 0; i < count; i++) {
            var r = DecisionRecords.full(UUID.randomUUID());
            payloads.add(SpoolFormat.write(new DecisionRecord(r.id(), r.createdAt(), r.principal(), r.endpoint(), r.stream(),
                    r.modelRequested(), r.route(), r.provider(), r.modelUsed(), r.status(), r.outcome(), r.errorType(), r.reason(),
                    r.bundleRevision(), r.fallbackUsed(), r.attempts(), r.tokensIn(), r.tokensOut(), r.latencyMs(), r.overheadMs(),
                    r.ttftMs(), r.gitCommit(), r.matchedRules(), r.labels(), r.auditFlags(), r.redactions(), r.costUsd(),
                    body.isEmpty() ? r.requestBody() : body, r.responseBody(), r.intent())));
        }
        return payloads;
    }
}
