package dev.warden.gateway.embedded;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL server under the data directory when no {@code SPRING_DATASOURCE_URL}
 * is given, so that {@code java -jar} works on a fresh machine with the same database as
 * production. Its data survives restarts; it stops with the application, after the pool.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DataDirectory data) {
        var directory = data.resolve("postgres");
        try {
            Files.createDirectories(directory);
            var postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100")
                    // The library is made for tests: it starts the server with fsync off and
                    // synchronous_commit off. Here it holds the decision log, whose spool is cleared
                    // once PostgreSQL has committed a batch, so a commit must be on disk when it is
                    // acknowledged, or a power cut after it loses records no one can recover.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // Its own JVM shutdown hook would stop the database while Spring's hook is still
                    // settling budget leases and draining the decision log; the bean's close, which
                    // runs after every lifecycle has stopped, stops it instead.
                    .setRegisterShutdownHook(false)
                    .start();
            log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), directory);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory
                    + " (is another Warden using this data directory? set WARDEN_DATA_DIR or SPRING_DATASOURCE_URL)", e);
        }
    }

    /** Takes the same {@code spring.datasource.hikari} settings as the pool Spring Boot makes for an external database. */
    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        var dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setPoolName("warden-embedded");
        dataSource.setMaximumPoolSize(10);
        return dataSource;
    }
}
