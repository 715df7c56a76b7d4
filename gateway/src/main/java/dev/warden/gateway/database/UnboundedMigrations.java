package dev.warden.gateway.database;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.stereotype.Component;

/**
 * Lets schema migrations wait on the server for as long as they take. Every pooled connection's
 * reads are bounded ({@code spring.datasource.hikari.data-source-properties.socketTimeout}), so that
 * a server that stops answering cannot hold the background work for good; but a migration that
 * rewrites or indexes a large decisions table can rightly take longer than that bound, and cutting it
 * would stop Warden from starting.
 */
@Component
class UnboundedMigrations implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        configuration.dataSource(new Unbounded(configuration.getDataSource()));
    }

    /** Hands out the pool's connections with no bound on their reads; the pool restores it when they return. */
    static final class Unbounded extends DelegatingDataSource {

        Unbounded(DataSource pool) {
            super(pool);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return unbounded(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return unbounded(super.getConnection(username, password));
        }

        private static Connection unbounded(Connection connection) throws SQLException {
            try {
                connection.setNetworkTimeout(Runnable::run, 0);
                return connection;
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }
}
