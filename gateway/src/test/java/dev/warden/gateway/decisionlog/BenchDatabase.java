package dev.warden.gateway.decisionlog;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database the decision-log benchmarks store into: an embedded PostgreSQL with the settings
 * Warden's own embedded database runs with (commits and full pages on disk when acknowledged),
 * migrated, with the decision partitions made as at Warden's start.
 */
final class BenchDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final HikariDataSource pool = new HikariDataSource();
    private final JdbcTemplate jdbc;

    BenchDatabase(DecisionLogProperties properties) throws IOException {
        this.postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").start();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        Flyway.configure().dataSource(pool).placeholderReplacement(false).locations("classpath:db/migration").load().migrate();
        this.jdbc = new JdbcTemplate(pool);
        new DecisionPartitions(jdbc, Clock.systemUTC(), properties).maintain();
    }

    int port() {
        return postgres.getPort();
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    @Override
    public void close() throws IOException {
        pool.close();
        postgres.close();
    }
}
