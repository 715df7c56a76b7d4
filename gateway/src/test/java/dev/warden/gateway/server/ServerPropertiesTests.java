package dev.warden.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerPropertiesTests {

    @Test
    void servesFromOneEventLoopPerCoreUnlessToldHowMany() {
        assertThat(new ServerProperties(null, null, null, null).eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(new ServerProperties(null, null, null, 6).eventLoops()).isEqualTo(6);
    }

    @Test
    void refusesAFrontWithoutAnEventLoop() {
        assertThatThrownBy(() -> new ServerProperties(null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("warden.server.event-loops must be 1 or more");
    }
}
