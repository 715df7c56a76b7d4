package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.warden.gateway.fake.FreezingRelay;
import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.policy.LimitSpec;
import java.net.URI;
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

/**
 * PostgreSQL that stops answering without closing its connections (a frozen server, a network that
 * drops packets): a request whose lease must be refilled is answered within seconds, as its limit
 * says for an outage, instead of waiting for an answer that never comes.
 */
class FrozenLimitStoreIntegrationTests {

    @Test
    void aRefillInARequestsPathGivesUpOnAFrozenDatabaseAndTheLimitDecides() throws Exception {
        var target = URI.create(((HikariDataSource) QuotaDatabase.get()).getJdbcUrl().substring("jdbc:".length()));
        try (var proxy = new FreezingRelay(target.getHost(), target.getPort()); var pool = pool(proxy.port())) {
            var store = new LeaseStore(new JdbcTemplate(pool), new TransactionTemplate(new DataSourceTransactionManager(pool)));
            var ledger = new QuotaLedger(store, new MutableClock(Instant.parse("2026-05-01T10:00:00Z")),
                    new PolicyProperties(null, false, null, null, null), new QuotaProperties(null, null, null, null));
            var closed = limit("frozen-closed", LimitSpec.Outage.CLOSED);
            var open = limit("frozen-open", LimitSpec.Outage.OPEN);
            // A pooled connection that has just answered: the next refill takes it without checking it.
            ledger.settle(ledger.reserve(List.of(closed), scopes(), 1, null), 1, null);

            proxy.freeze();

            long started = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                // A new team's lease is refilled in the request's path.
                assertThatThrownBy(() -> ledger.reserve(List.of(closed), scopes(), 1, null)).isInstanceOf(LimitStoreUnavailable.class);
                ledger.settle(ledger.reserve(List.of(open), scopes(), 1, null), 1, null);
            }, "a refill waited on a database that does not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LeaseStore.STORE_WAIT.multipliedBy(6));

            // The refills right behind a slow failure do not wait again: they decide at once.
            long next = System.nanoTime();
            assertThatThrownBy(() -> ledger.reserve(List.of(closed), scopes(), 1, null)).isInstanceOf(LimitStoreUnavailable.class);
            ledger.settle(ledger.reserve(List.of(open), scopes(), 1, null), 1, null);
            assertThat(Duration.ofNanos(System.nanoTime() - next)).isLessThan(QuotaLedger.SKIP_SLOW_STORE);
        }
    }

    private static HikariDataSource pool(int port) {
        var pool = new HikariDataSource();
        var url = ((HikariDataSource) QuotaDatabase.get()).getJdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:" + port + "/");
        pool.setJdbcUrl(url);
        pool.setSchema("warden_quota_it");
        // As application.yml sets them for Warden's own pool.
        pool.setConnectionTimeout(2000);
        pool.setValidationTimeout(1000);
        return pool;
    }

    private static LimitSpec limit(String name, LimitSpec.Outage outage) {
        return new LimitSpec(name, LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.of(10_000),
                OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), outage, LimitSpec.Unpriced.DENY);
    }

    private static QuotaLedger.Scopes scopes() {
        return new QuotaLedger.Scopes("acme", "team-" + UUID.randomUUID(), "key", "", "m");
    }
}
