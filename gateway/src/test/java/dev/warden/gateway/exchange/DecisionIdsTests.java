package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionIdsTests {

    @Test
    void areVersion7WithTheTimestampInTheirFirst48Bits() {
        long millis = 1_800_000_000_123L;

        UUID id = DecisionIds.next(millis);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void sortByTimeAndDoNotRepeat() {
        var earlier = DecisionIds.next(1_000);
        var later = DecisionIds.next(2_000);
        var seen = new HashSet<UUID>();

        for (int i = 0; i < 100_000; i++) {
            seen.add(DecisionIds.next(5_000));
        }

        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(seen).hasSize(100_000);
    }
}
