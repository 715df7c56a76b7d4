package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PriceListTests {

    private static final PriceSpec ANY = price("any", "gpt-4o", null, "2.50");
    private static final PriceSpec AZURE = price("azure", "gpt-4o", "azure", "3.00");
    private static final PriceSpec AZURE_LATER = price("azure-later", "gpt-4o", "azure", "9.00");

    @Test
    void prefersTheModelsPriceForTheTargetsProviderThenTheOneForAnyProvider() {
        var prices = new PriceList(List.of(ANY, AZURE, AZURE_LATER));

        assertThat(prices.of(new Target("azure", "gpt-4o"))).contains(AZURE);
        assertThat(prices.of(new Target("openai", "gpt-4o"))).contains(ANY);
        assertThat(prices.of(new Target("openai", "gpt-4o-mini"))).isEmpty();
    }

    @Test
    void eachBundlesEngineReadsItsOwnPrices() {
        var before = PolicyEngine.compile(bundle(ANY), java.time.ZoneOffset.UTC).prices();
        var after = PolicyEngine.compile(bundle(AZURE), java.time.ZoneOffset.UTC).prices();

        assertThat(before.of(new Target("azure", "gpt-4o"))).contains(ANY);
        assertThat(after.of(new Target("azure", "gpt-4o"))).contains(AZURE);
        assertThat(after.of(new Target("openai", "gpt-4o"))).isEmpty();
        assertThat(before.of(new Target("openai", "gpt-4o"))).contains(ANY);
    }

    private static PriceSpec price(String name, String model, String provider, String perMillion) {
        return new PriceSpec(name, model, Optional.ofNullable(provider), new BigDecimal(perMillion), new BigDecimal(perMillion));
    }

    private static PolicyBundle bundle(PriceSpec... prices) {
        return new PolicyBundle("rev", Optional.empty(), java.util.Map.of(), java.util.Map.of(), List.of(), List.of(), List.of(prices),
                List.of(), List.of(), List.of());
    }
}
