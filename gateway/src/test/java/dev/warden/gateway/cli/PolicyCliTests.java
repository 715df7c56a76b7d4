package dev.warden.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyCliTests {

    @Test
    void runsPolicyCommandsFromTheGatewayJar() {
        var out = new ByteArrayOutputStream();

        int exit = WardenCli.run(new String[] {"policy", "test", "../src/policies/enterprise", "--zone", "Europe/Paris"},
                new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("14 passed, 0 failed");
    }

    @Test
    void explainsUsageOfAnIncompletePolicyCommand() {
        var err = new ByteArrayOutputStream();

        int exit = WardenCli.run(new String[] {"policy"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("warden policy validate DIR");
    }
}
