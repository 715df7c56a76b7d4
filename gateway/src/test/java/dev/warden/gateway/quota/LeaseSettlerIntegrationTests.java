package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.policy.LimitSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What a replica consumed reaches PostgreSQL once: not lost while it is away, not doubled when an answer is lost. */
class LeaseSettlerIntegrationTests {

    private final UnreliableDataSource database = new UnreliableDataSource();
    private final JdbcTemplate jdbc = new JdbcTemplate(QuotaDatabase.get());
    private final LeaseStore store = new LeaseStore(new JdbcTemplate(database),
            new TransactionTemplate(new DataSourceTransactionManager(database)));
    private final QuotaProperties properties = new QuotaProperties(null, null, null, null);
    private final QuotaLedger ledger = new QuotaLedger(store, new MutableClock(Instant.parse("2026-05-01T10:00:00Z")),
            new PolicyProperties(null, false, null, null, null), properties);
    private final LeaseSettler settler = new LeaseSettler(ledger, store, properties);
    private final String team = "team-" + UUID.randomUUID();

    @Test
    void aSettlementRetriedAfterItsAcknowledgementWasLostIsCountedOnce() {
        var limit = requests("lost-answer");
        admit(limit, 7);

        database.loseNextCommitAnswer = true;
        settler.settle();
        assertThat(used("lost-answer")).as("PostgreSQL committed the settlement whose answer was lost").isEqualTo(7);

        admit(limit, 3);
        settler.settle();

        assertThat(used("lost-answer")).isEqualTo(10);
    }

    @Test
    void whatWasConsumedWhileTheDatabaseWasAwayIsSettledWhenItIsBack() {
        var limit = requests("away");
        admit(limit, 5);

        database.down = true;
        settler.settle();
        admit(limit, 4);
        settler.settle();
        database.down = false;
        assertThat(used("away")).isZero();

        settler.settle();

        assertThat(used("away")).isEqualTo(9);
    }

    @Test
    void forgetsOnlySettlersThatHaveBeenIdleForLong() {
        admit(requests("idle"), 1);
        settler.settle();
        var gone = UUID.randomUUID();
        jdbc.update("INSERT INTO limit_settlers (settler_id, last_batch, updated_at) VALUES (?, 4, now() - interval '31 days')", gone);

        store.forgetSettlersIdleFor(Duration.ofDays(30));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM limit_settlers WHERE settler_id = ?", Long.class, gone)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM limit_settlers WHERE updated_at > now() - interval '1 minute'",
                Long.class)).isPositive();
    }

    private void admit(LimitSpec limit, int requests) {
        for (int i = 0; i < requests; i++) {
            ledger.settle(ledger.reserve(List.of(limit), scopes(), 1, null), 1, null);
        }
    }

    private long used(String limit) {
        return jdbc.queryForObject("SELECT used FROM limit_counters WHERE limit_name = ? AND scope_key = ?", Long.class, limit,
                "team:" + team);
    }

    private static LimitSpec requests(String name) {
        return new LimitSpec(name, LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.of(1000),
                OptionalLong.empty(), Optional.empty(), OptionalLong.empty());
    }

    private QuotaLedger.Scopes scopes() {
        return new QuotaLedger.Scopes("acme", team, "key", "", "m");
    }

    /**
     * The test database, which refuses connections while {@code down}, and can lose the answer to
     * one commit: the commit takes effect and the caller sees the connection fail, as when the
     * network drops between PostgreSQL's commit and its reply.
     */
    private static final class UnreliableDataSource extends QuotaOutageIntegrationTests.SwitchableDataSource {
        volatile boolean loseNextCommitAnswer;

        @Override
        public Connection getConnection() throws SQLException {
            var connection = super.getConnection();
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("commit") && loseNextCommitAnswer) {
                            loseNextCommitAnswer = false;
                            throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                        }
                        return result;
                    });
        }
    }
}
