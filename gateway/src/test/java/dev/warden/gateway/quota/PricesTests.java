package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PriceSpec;
import dev.warden.policy.Target;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PricesTests {

    private static final PriceSpec ANY = price("any", "gpt-4o", null, "2.50");
    private static final PriceSpec AZURE = price("azure", "gpt-4o", "azure", "3.00");
    private static final PriceSpec AZURE_LATER = price("azure-later", "gpt-4o", "azure", "9.00");

    @Test
    void prefersTheModelsPriceForTheTargetsProviderThenTheOneForAnyProvider() {
        var bundle = bundle(ANY, AZURE, AZURE_LATER);

        assertThat(Prices.of(bundle, new Target("azure", "gpt-4o"))).contains(AZURE);
        assertThat(Prices.of(bundle, new Target("openai", "gpt-4o"))).contains(ANY);
        assertThat(Prices.of(bundle, new Target("openai", "gpt-4o-mini"))).isEmpty();
    }

    @Test
    void readsTheBundleItIsGivenAfterAReload() {
        var before = bundle(ANY);
        var after = bundle(AZURE);

        assertThat(Prices.of(before, new Target("azure", "gpt-4o"))).contains(ANY);
        assertThat(Prices.of(after, new Target("azure", "gpt-4o"))).contains(AZURE);
        assertThat(Prices.of(after, new Target("openai", "gpt-4o"))).isEmpty();
        assertThat(Prices.of(before, new Target("openai", "gpt-4o"))).contains(ANY);
    }

    @Test
    void writesDollarsAtTheSmallestExactScale() {
        for (long micros : new long[] {0, 1, 7_500, 125, 1_000_000, 1_500_000, 10_000_000, 123_456_789, Long.MAX_VALUE}) {
            var expected = BigDecimal.valueOf(micros).divide(BigDecimal.valueOf(1_000_000));

            assertThat(Prices.dollars(micros)).as("%d micro-dollars", micros).isEqualTo(expected);
        }
        assertThat(Prices.dollars(10_000_000).toString()).isEqualTo("10");
        assertThat(Prices.dollars(1_500_000).toString()).isEqualTo("1.5");
    }

    private static PriceSpec price(String name, String model, String provider, String perMillion) {
        return new PriceSpec(name, model, Optional.ofNullable(provider), new BigDecimal(perMillion), new BigDecimal(perMillion));
    }

    private static PolicyBundle bundle(PriceSpec... prices) {
        return new PolicyBundle("rev", Optional.empty(), Map.of(), Map.of(), List.of(), List.of(), List.of(prices), List.of(), List.of(),
                List.of());
    }
}
