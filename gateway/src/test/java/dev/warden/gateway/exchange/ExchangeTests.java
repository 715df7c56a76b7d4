package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ExchangeTests {

    @Test
    void writesMillisecondsWithThreeDecimalsAsFormatWould() {
        for (double millis : new double[] {0, 0.0004, 0.001, 0.0123, 0.25, 1, 1.5, 9.999, 12.3456, 999.9994, 1234567.891}) {
            assertThat(Exchange.milliseconds(millis)).as("%s ms", millis).isEqualTo(String.format(Locale.ROOT, "%.3f", millis));
        }
        assertThat(Exchange.milliseconds(-1)).isEqualTo("0.000");
    }
}
