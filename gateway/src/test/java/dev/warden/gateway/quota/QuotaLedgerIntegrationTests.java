package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.policy.LimitSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger against real PostgreSQL, on a clock the tests move. */
class QuotaLedgerIntegrationTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-31T21:59:30Z"));
    private final JdbcTemplate jdbc = new JdbcTemplate(QuotaDatabase.get());
    private final LeaseStore store = new LeaseStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(QuotaDatabase.get())));
    private final PolicyProperties policy = new PolicyProperties(null, false, null, ZoneId.of("Europe/Paris"), null);
    private final QuotaProperties properties = new QuotaProperties(null, null, Duration.ofHours(1), Duration.ofMinutes(5));
    private final String team = "team-" + UUID.randomUUID();

    @Test
    void admitsExactlyTheBudgetAndRefusesTheRestNamingTheLimit() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var limit = requests("per-minute", LimitSpec.Window.MINUTE, 5);

        for (int i = 0; i < 5; i++) {
            ledger.settle(ledger.reserve(List.of(limit), scopes(), 10, null), 10, null);
        }

        assertThatThrownBy(() -> ledger.reserve(List.of(limit), scopes(), 10, null))
                .isInstanceOfSatisfying(LimitExceeded.class, e -> {
                    assertThat(e.limit()).isEqualTo("per-minute");
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(e.getMessage()).contains("requests for team:" + team);
                });
    }

    @Test
    void rollsOverAtTheCalendarWindowInThePolicyZone() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var daily = requests("per-day", LimitSpec.Window.DAY, 1);
        ledger.settle(ledger.reserve(List.of(daily), scopes(), 1, null), 1, null);
        assertThatThrownBy(() -> ledger.reserve(List.of(daily), scopes(), 1, null)).isInstanceOf(LimitExceeded.class);

        clock.advance(Duration.ofSeconds(31));

        assertThat(ledger.reserve(List.of(daily), scopes(), 1, null)).isNotNull();
    }

    @Test
    void reservesTheWorstCaseAndSettlesToWhatWasUsed() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var tokens = new LimitSpec("tokens", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.of(1000), Optional.empty(), OptionalLong.empty());

        var first = ledger.reserve(List.of(tokens), scopes(), 600, null);
        assertThatThrownBy(() -> ledger.reserve(List.of(tokens), scopes(), 600, null)).isInstanceOf(LimitExceeded.class);
        ledger.settle(first, 100, null);
        var second = ledger.reserve(List.of(tokens), scopes(), 600, null);
        ledger.release(second);

        assertThat(ledger.reserve(List.of(tokens), scopes(), 900, null)).isNotNull();
        assertThatThrownBy(() -> ledger.reserve(List.of(tokens), scopes(), 1, null)).isInstanceOf(LimitExceeded.class);
    }

    @Test
    void keepsWhatWasUsedAcrossARestartAndLetsAChangedBudgetTakeEffect() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var settler = new LeaseSettler(ledger, store, properties);
        var cost = new LimitSpec("cost", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.empty(), Optional.of(new BigDecimal("1.00")), OptionalLong.empty());
        ledger.settle(ledger.reserve(List.of(cost), scopes(), 0, 700_000L), 0, 700_000L);
        settler.stop();

        var restarted = new QuotaLedger(store, clock, policy, properties);

        assertThatThrownBy(() -> restarted.reserve(List.of(cost), scopes(), 0, 400_000L)).isInstanceOf(LimitExceeded.class);
        var raised = new LimitSpec("cost", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.empty(), Optional.of(new BigDecimal("2.00")), OptionalLong.empty());
        assertThat(restarted.reserve(List.of(raised), scopes(), 0, 400_000L)).isNotNull();
    }

    @Test
    void refillsALeaseThatRunsLowBeforeAnyRequestFindsItDry() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var tokens = new LimitSpec("tokens-ahead", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.of(1_600_000), Optional.empty(), OptionalLong.empty());
        ledger.reserve(List.of(tokens), scopes(), 10, null); // leases a sixteenth: 100,000
        var lease = ledger.leases().values().iterator().next();
        assertThat(lease.available()).isEqualTo(99_990);

        ledger.reserve(List.of(tokens), scopes(), 70_000, null); // leaves 29,990: still above a quarter
        assertThat(lease.available()).isEqualTo(29_990);
        ledger.reserve(List.of(tokens), scopes(), 10_000, null); // leaves 19,990: below it

        await().atMost(Duration.ofSeconds(10)).until(() -> lease.available() > 19_990);
        assertThat(lease.available()).isEqualTo(19_990 + 93_750); // a sixteenth of the 1,500,000 still free
        assertThat(jdbc.queryForObject("SELECT leased FROM limit_counters WHERE limit_name = 'tokens-ahead' AND scope_key = ?",
                Long.class, "team:" + team)).isEqualTo(193_750);
    }

    @Test
    void refillsAheadEvenWhileEveryVirtualThreadCarrierIsBusy() throws InterruptedException {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var tokens = new LimitSpec("tokens-busy", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.of(1_600_000), Optional.empty(), OptionalLong.empty());
        ledger.reserve(List.of(tokens), scopes(), 10, null);
        var lease = ledger.leases().values().iterator().next();

        // As in a ramp of requests: every carrier runs a virtual thread that does not give it up.
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        var running = new CountDownLatch(carriers);
        var stop = new AtomicBoolean();
        var spinners = new ArrayList<Thread>();
        for (int i = 0; i < carriers; i++) {
            spinners.add(Thread.ofVirtual().start(() -> {
                running.countDown();
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            }));
        }
        try {
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            ledger.reserve(List.of(tokens), scopes(), 80_000, null); // leaves 19,990, below a quarter: a refill ahead

            await().atMost(Duration.ofSeconds(10)).until(() -> lease.available() > 19_990);
        } finally {
            stop.set(true);
            for (var spinner : spinners) {
                spinner.join();
            }
        }
    }

    @Test
    void refusesAnUnpricedModelUnderACostLimitUnlessTheLimitCountsItFree() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var strict = new LimitSpec("strict", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.empty(), Optional.of(BigDecimal.TEN), OptionalLong.empty());
        var lenient = new LimitSpec("lenient", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.empty(), Optional.of(BigDecimal.TEN), OptionalLong.empty(), LimitSpec.Outage.CLOSED, LimitSpec.Unpriced.FREE);

        assertThatThrownBy(() -> ledger.reserve(List.of(strict), scopes(), 10, null)).hasMessageContaining("has no price");
        assertThat(ledger.reserve(List.of(lenient), scopes(), 10, null)).isNotNull();
    }

    @Test
    void limitsConcurrentRequestsAndFreesTheirSlotsWhenTheyEnd() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var two = new LimitSpec("two-at-once", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MINUTE, OptionalLong.empty(),
                OptionalLong.empty(), Optional.empty(), OptionalLong.of(2));
        var a = ledger.reserve(List.of(two), scopes(), 1, null);
        ledger.reserve(List.of(two), scopes(), 1, null);

        assertThatThrownBy(() -> ledger.reserve(List.of(two), scopes(), 1, null)).isInstanceOf(LimitExceeded.class);
        ledger.settle(a, 1, null);
        assertThat(ledger.reserve(List.of(two), scopes(), 1, null)).isNotNull();
    }

    @Test
    void releasesAReservationThatOutlivesItsTimeToLive() {
        var ledger = new QuotaLedger(store, clock, policy, properties);
        var one = requests("one-at-a-time", LimitSpec.Window.MONTH, 1);
        var stuck = ledger.reserve(List.of(one), scopes(), 1, null);
        assertThatThrownBy(() -> ledger.reserve(List.of(one), scopes(), 1, null)).isInstanceOf(LimitExceeded.class);

        clock.advance(Duration.ofMinutes(6));
        int released = ledger.releaseExpired();

        assertThat(released).isEqualTo(1);
        assertThat(ledger.reserve(List.of(one), scopes(), 1, null)).isNotNull();
        ledger.settle(stuck, 1, null);
    }

    @Test
    void aLeaseSpentFastAsksForTwiceAsMuchAtEachRefill() {
        var grants = Collections.synchronizedList(new ArrayList<Long>());
        var counting = new LeaseStore(jdbc, new TransactionTemplate(new DataSourceTransactionManager(QuotaDatabase.get()))) {
            @Override
            Grant acquire(CounterKey key, long budget, long minimum, long cap) {
                var grant = super.acquire(key, budget, minimum, cap);
                grants.add(grant.granted());
                return grant;
            }
        };
        var ledger = new QuotaLedger(counting, clock, policy, properties);
        var limit = requests("spent-fast", LimitSpec.Window.DAY, 10_000_000);

        // The clock stands still, so every grant is spent at once.
        for (int i = 0; i < 1_500; i++) {
            ledger.reserve(List.of(limit), scopes(), 1, null);
        }

        // 1,500 requests took four refills, where a fixed ask of 100 took fifteen; the refill ahead
        // that the last of them started may still be running.
        assertThat(List.copyOf(grants)).startsWith(100L, 200L, 400L, 800L).hasSizeLessThanOrEqualTo(5);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT leased FROM limit_counters WHERE limit_name = 'spent-fast' AND scope_key = ?", Long.class, "team:" + team)
                == grants.stream().mapToLong(Long::longValue).sum());
    }

    private LimitSpec requests(String name, LimitSpec.Window window, long budget) {
        return new LimitSpec(name, LimitSpec.Scope.TEAM, Optional.empty(), window, OptionalLong.of(budget), OptionalLong.empty(),
                Optional.empty(), OptionalLong.empty());
    }

    private QuotaLedger.Scopes scopes() {
        return new QuotaLedger.Scopes("acme", team, "key-1", "ada", "gpt-4o");
    }
}
