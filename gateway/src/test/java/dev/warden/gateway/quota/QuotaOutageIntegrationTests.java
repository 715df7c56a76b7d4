package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.policy.LimitSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** With PostgreSQL unreachable, a replica keeps enforcing with the leases it holds, then fails as each limit says. */
class QuotaOutageIntegrationTests {

    private final SwitchableDataSource database = new SwitchableDataSource();
    private final LeaseStore store = new LeaseStore(new JdbcTemplate(database),
            new TransactionTemplate(new DataSourceTransactionManager(database)));
    private final QuotaLedger ledger = new QuotaLedger(store, new MutableClock(Instant.parse("2026-05-01T10:00:00Z")),
            new PolicyProperties(null, false, null, null, null), new QuotaProperties(null, null, null, null));
    private final String team = "team-" + UUID.randomUUID();

    @Test
    void keepsAdmittingFromItsLeaseThenFailsClosed() {
        var limit = limit("closed", LimitSpec.Outage.CLOSED);
        ledger.settle(ledger.reserve(List.of(limit), scopes(), 1, null), 1, null);

        database.down = true;
        int admitted = 0;
        try {
            while (admitted < 1000) {
                ledger.settle(ledger.reserve(List.of(limit), scopes(), 1, null), 1, null);
                admitted++;
            }
        } catch (LimitStoreUnavailable e) {
            assertThat(e.getMessage()).contains("'closed'", "unavailable");
        }

        assertThat(admitted).isPositive().isLessThan(1000);
    }

    @Test
    void admitsUncountedOnceItsLeaseIsSpentWhenTheLimitFailsOpen() {
        var limit = limit("open", LimitSpec.Outage.OPEN);
        database.down = true;

        for (int i = 0; i < 50; i++) {
            ledger.settle(ledger.reserve(List.of(limit), scopes(), 1, null), 1, null);
        }

        database.down = false;
        var closed = limit("closed-after", LimitSpec.Outage.CLOSED);
        database.down = true;
        assertThatThrownBy(() -> ledger.reserve(List.of(closed), scopes(), 1, null)).isInstanceOf(LimitStoreUnavailable.class);
    }

    @Test
    void aRequestAdmittedUncountedGivesNoSlotBackWhenItEnds() {
        var slots = new LimitSpec("five-at-once", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH,
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), OptionalLong.of(5), LimitSpec.Outage.OPEN,
                LimitSpec.Unpriced.DENY);
        database.down = true;
        for (int i = 0; i < 20; i++) {
            ledger.settle(ledger.reserve(List.of(slots), scopes(), 1, null), 1, null);
        }

        // Those requests took no slot, so they must leave none behind: five at once, not twenty-five.
        database.down = false;
        for (int i = 0; i < 5; i++) {
            ledger.reserve(List.of(slots), scopes(), 1, null);
        }
        assertThatThrownBy(() -> ledger.reserve(List.of(slots), scopes(), 1, null)).isInstanceOf(LimitExceeded.class);
    }

    private LimitSpec limit(String name, LimitSpec.Outage outage) {
        return new LimitSpec(name, LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.of(10_000),
                OptionalLong.empty(), Optional.empty(), OptionalLong.empty(), outage, LimitSpec.Unpriced.DENY);
    }

    private QuotaLedger.Scopes scopes() {
        return new QuotaLedger.Scopes("acme", team, "key", "", "m");
    }

    /** The test database, or, while {@code down}, no database at all. */
    static class SwitchableDataSource extends DelegatingDataSource {
        volatile boolean down;

        SwitchableDataSource() {
            super(QuotaDatabase.get());
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLException("Connection refused", "08001");
            }
            return super.getConnection();
        }
    }
}
