package dev.warden.gateway.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

class EmbeddedDatabaseIntegrationTests {

    @TempDir
    Path dataDir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, DataDirectoryConfiguration.class, EmbeddedDatabaseConfiguration.class);

    @EnableConfigurationProperties(DataProperties.class)
    static class Properties {
    }

    @Test
    void keepsItsDataUnderTheDataDirectoryAcrossRestarts() {
        var dataDirProperty = "warden.data.dir=" + dataDir;

        runner.withPropertyValues(dataDirProperty).run(context ->
                jdbc(context.getBean(DataSource.class)).execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')"));
        runner.withPropertyValues(dataDirProperty).run(context ->
                assertThat(jdbc(context.getBean(DataSource.class)).queryForObject("SELECT v FROM kept", String.class))
                        .isEqualTo("still here"));

        assertThat(dataDir.resolve("postgres").resolve("PG_VERSION")).content().startsWith("17");
    }

    @Test
    void acknowledgesACommitOnlyOnceItIsOnDisk() {
        runner.withPropertyValues("warden.data.dir=" + dataDir).run(context -> {
            var jdbc = jdbc(context.getBean(DataSource.class));
            for (var setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                assertThat(jdbc.queryForObject("SELECT setting FROM pg_settings WHERE name = ?", String.class, setting))
                        .as(setting).isEqualTo("on");
            }
        });
    }

    @Test
    void itsPoolTakesTheDatasourceSettingsOfAnExternalOne() {
        runner.withPropertyValues("warden.data.dir=" + dataDir, "spring.datasource.hikari.connection-timeout=1234")
                .run(context -> assertThat(context.getBean(HikariDataSource.class).getConnectionTimeout()).isEqualTo(1234));
    }

    @Test
    void stopsTheServerWhenTheApplicationStops() {
        int[] port = new int[1];

        runner.withPropertyValues("warden.data.dir=" + dataDir).run(context -> port[0] = context.getBean(EmbeddedPostgres.class).getPort());

        assertThat(accepts(port[0])).isFalse();
    }

    @Test
    void startsNothingWhenADatasourceUrlIsGiven() {
        runner.withPropertyValues("warden.data.dir=" + dataDir, "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(EmbeddedPostgres.class);
                    assertThat(dataDir.resolve("postgres")).doesNotExist();
                });
    }

    private static JdbcTemplate jdbc(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    private static boolean accepts(int port) {
        try (var socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
