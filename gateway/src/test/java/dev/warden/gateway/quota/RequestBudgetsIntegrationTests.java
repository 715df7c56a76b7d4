package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.auth.Principal;
import dev.warden.gateway.exchange.Exchange;
import dev.warden.gateway.policy.PolicyProperties;
import dev.warden.gateway.provider.Endpoint;
import dev.warden.policy.LimitSpec;
import dev.warden.policy.Plan;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicySource;
import dev.warden.policy.PriceList;
import dev.warden.policy.Target;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reservation refused on the prompt's cheap bound is tried again on its exact count only when
 * the refusal weighed the request's size: tokenizing a long prompt costs milliseconds, on an
 * event loop too, and a count of requests or a missing price refuses whatever the count.
 */
class RequestBudgetsIntegrationTests {

    private static final String MODEL = "gpt-4o-mini";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LeaseStore store = new LeaseStore(new JdbcTemplate(QuotaDatabase.get()),
            new TransactionTemplate(new DataSourceTransactionManager(QuotaDatabase.get())));
    private final PolicyProperties policy = new PolicyProperties(null, false, null, ZoneId.of("UTC"), null);
    private final QuotaProperties properties = new QuotaProperties(null, null, Duration.ofHours(1), Duration.ofMinutes(5));
    private final CountingTokens tokens = new CountingTokens();
    private final RequestBudgets budgets = new RequestBudgets(new QuotaLedger(store, new MutableClock(Instant.now()), policy, properties),
            tokens, properties);
    private final PriceList noPrices = PolicyEngine.compile(PolicyLoader.fromSources(List.of(new PolicySource("rule.yaml", """
            apiVersion: warden/v1
            kind: Rule
            metadata: {name: anything}
            spec: {when: 'true', action: label, labels: {kind: any}}
            """))), ZoneId.of("UTC")).prices();

    @Test
    void countsAPromptExactlyWhenItsBoundIsRefusedByATokenLimit() {
        // 400 words: about 400 tokens, 2,400 bytes; the limit is 1,000 tokens.
        var limit = new LimitSpec("tokens", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.of(1000), Optional.empty(), OptionalLong.empty());

        var reservation = budgets.reserve(exchange(), noPrices, plan(limit), Endpoint.CHAT, chat("hello ".repeat(400)), "org");

        assertThat(reservation).isNotNull();
        assertThat(tokens.exact).as("counted once, exactly").hasValue(1);
    }

    @Test
    void doesNotCountAPromptForARefusalThatDidNotWeighIt() {
        // The limit counts cost and the model has no price: refused whatever the prompt's size.
        var limit = new LimitSpec("spend", LimitSpec.Scope.TEAM, Optional.empty(), LimitSpec.Window.MONTH, OptionalLong.empty(),
                OptionalLong.empty(), Optional.of(BigDecimal.TEN), OptionalLong.empty());

        assertThatThrownBy(() -> budgets.reserve(exchange(), noPrices, plan(limit), Endpoint.CHAT, chat("hello ".repeat(4000)), "org"))
                .isInstanceOfSatisfying(LimitExceeded.class, refused -> assertThat(refused.byAmount()).isFalse())
                .hasMessageContaining("has no price");
        assertThat(tokens.exact).as("not tokenized").hasValue(0);
    }

    private static Exchange exchange() {
        var exchange = new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
        exchange.authenticated(new Principal(UUID.randomUUID(), "team-" + UUID.randomUUID(), null, "key"));
        return exchange;
    }

    private static Plan plan(LimitSpec limit) {
        return new Plan(Optional.empty(), List.of(new Target("openai", MODEL)), Map.of(), List.of(), null, Set.of(), List.of(limit), 0);
    }

    private static JsonNode chat(String content) {
        var body = JSON.createObjectNode().put("model", MODEL).put("max_tokens", 10);
        body.putArray("messages").addObject().put("role", "user").put("content", content);
        return body;
    }

    /** The estimator, counting its exact counts. */
    private static final class CountingTokens extends TokenEstimator {

        final AtomicInteger exact = new AtomicInteger();

        @Override
        public long promptTokens(JsonNode request, String model) {
            exact.incrementAndGet();
            return super.promptTokens(request, model);
        }
    }
}
