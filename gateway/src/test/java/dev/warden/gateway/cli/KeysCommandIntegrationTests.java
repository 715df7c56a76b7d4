package dev.warden.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.WardenIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeysCommandIntegrationTests extends WardenIntegrationTest {

    @Test
    void createsAKeyThroughTheGatewayRunningOnTheSameDataDirectory() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int exit = WardenCli.run(new String[] {"keys", "create", "--team", "cli", "--name", "laptop", "--user", "grace",
                "--data-dir", DATA_DIR.toString()}, new PrintStream(out, true), new PrintStream(err, true));

        assertThat(exit).isZero();
        var key = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(key).startsWith("wk-").doesNotContain("\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("team 'cli'").doesNotContain(key);
        assertThat(get("/v1/models", key).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT user_id FROM api_keys WHERE team = 'cli'", String.class)).isEqualTo("grace");
    }

    @Test
    void refusesAMissingTeamWithUsageExitCode() {
        var err = new ByteArrayOutputStream();

        int exit = WardenCli.run(new String[] {"keys", "create", "--name", "laptop", "--data-dir", DATA_DIR.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--team is required");
    }
}
