package dev.warden.gateway.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.WardenIntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every pooled connection's reads are bounded by default; a schema migration's are not. */
class ReadBoundsIntegrationTests extends WardenIntegrationTest {

    @Autowired
    Flyway flyway;

    @Test
    void pooledConnectionsGiveUpOnASilentServerAfterAMinute() throws Exception {
        try (var connection = jdbc.getDataSource().getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(60_000);
        }
    }

    @Test
    void migrationsWaitAsLongAsTheyTakeAndLeaveThePoolBoundAfterThem() throws Exception {
        try (var connection = flyway.getConfiguration().getDataSource().getConnection()) {
            assertThat(connection.getNetworkTimeout()).isZero();
        }
        try (var connection = jdbc.getDataSource().getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(60_000);
        }
    }
}
