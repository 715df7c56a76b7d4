package dev.warden.gateway.quota;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A migrated PostgreSQL for ledger tests: the machine's when {@code WARDEN_TEST_DATABASE_URL} is
 * set, else an embedded one started once per test run.
 */
final class QuotaDatabase {

    private static DataSource dataSource;

    private QuotaDatabase() {
    }

    static synchronized DataSource get() {
        if (dataSource == null) {
            var pool = new HikariDataSource();
            var external = System.getenv("WARDEN_TEST_DATABASE_URL");
            pool.setJdbcUrl(external != null && !external.isBlank() ? external : embedded().getJdbcUrl("postgres", "postgres"));
            pool.setSchema("warden_quota_it");
            pool.setMaximumPoolSize(8);
            Flyway.configure().dataSource(pool).schemas("warden_quota_it").cleanDisabled(false).placeholderReplacement(false)
                    .locations("classpath:db/migration").load().clean();
            Flyway.configure().dataSource(pool).schemas("warden_quota_it").placeholderReplacement(false)
                    .locations("classpath:db/migration").load().migrate();
            dataSource = pool;
        }
        return dataSource;
    }

    private static EmbeddedPostgres embedded() {
        try {
            var postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the process is ending; the server's directory is temporary
                }
            }));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
