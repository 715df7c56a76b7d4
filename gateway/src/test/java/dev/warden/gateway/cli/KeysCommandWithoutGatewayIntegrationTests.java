package dev.warden.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With no gateway running, {@code keys create} opens the embedded database under the data directory itself. */
class KeysCommandWithoutGatewayIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void createsAKeyInTheEmbeddedDatabaseOfTheDataDirectory() throws Exception {
        var out = new ByteArrayOutputStream();

        int exit = WardenCli.run(new String[] {"keys", "create", "--team", "offline", "--name", "bootstrap",
                "--data-dir", dataDir.toString()}, new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true));

        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).startsWith("wk-");
        try (var postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres")).setCleanDataDirectory(false).start();
             var connection = postgres.getPostgresDatabase().getConnection();
             var rows = connection.createStatement().executeQuery("SELECT team, name FROM api_keys")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString("team")).isEqualTo("offline");
            assertThat(rows.next()).isFalse();
        }
    }
}
