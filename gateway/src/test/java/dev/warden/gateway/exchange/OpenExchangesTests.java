package dev.warden.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenExchangesTests {

    private final OpenExchanges open = new OpenExchanges();

    @Test
    void anExchangeIsClosedByWhicheverTakesItFirst() {
        var answered = exchange();
        var inProgress = exchange();
        open.add(answered);
        open.add(inProgress);

        assertThat(open.close(answered)).isTrue();
        assertThat(open.close(answered)).as("closed once").isFalse();
        assertThat(open.takeAll()).containsExactly(inProgress);
        assertThat(open.close(inProgress)).as("taken by the stop: its own path writes nothing").isFalse();
        assertThat(open.takeAll()).isEmpty();
    }

    @Test
    void countsWhatWasReceivedAndWhatIsInProgress() {
        var first = exchange();
        open.add(first);
        open.add(exchange());
        open.close(first);

        assertThat(open.received()).isEqualTo(2);
        assertThat(open.inProgress()).isEqualTo(1);
    }

    private static Exchange exchange() {
        return new Exchange("/v1/chat/completions", Instant.now(), System.nanoTime());
    }
}
