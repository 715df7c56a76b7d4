package dev.warden.gateway.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PricesTests {

    @Test
    void writesDollarsAtTheSmallestExactScale() {
        for (long micros : new long[] {0, 1, 7_500, 125, 1_000_000, 1_500_000, 10_000_000, 123_456_789, Long.MAX_VALUE}) {
            var expected = BigDecimal.valueOf(micros).divide(BigDecimal.valueOf(1_000_000));

            assertThat(Prices.dollars(micros)).as("%d micro-dollars", micros).isEqualTo(expected);
        }
        assertThat(Prices.dollars(10_000_000).toString()).isEqualTo("10");
        assertThat(Prices.dollars(1_500_000).toString()).isEqualTo("1.5");
    }
}
