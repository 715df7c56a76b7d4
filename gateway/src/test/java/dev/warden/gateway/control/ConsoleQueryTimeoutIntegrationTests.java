package dev.warden.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.gateway.GatewayTestSupport;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The control API's reads of the decision log are bounded on the server: one that runs past
 * {@code warden.database.console-query-timeout} is cancelled in PostgreSQL and answered with a
 * clear error. Its own application, so that the bound can be a second.
 */
class ConsoleQueryTimeoutIntegrationTests extends GatewayTestSupport {

    @Autowired
    private DataSource dataSource;

    @DynamicPropertySource
    static void shortBound(DynamicPropertyRegistry registry) {
        register(registry, POLICY_DIR, temporaryDirectory("warden-it-console-bound-data"), "warden_it_console_bound");
        registry.add("warden.database.console-query-timeout", () -> "1s");
    }

    @Test
    void aReadPastTheBoundIsCancelledOnTheServerAndAnsweredWithAClearError() throws SQLException {
        // A transaction holding the table makes every read of it wait, as a slow query would run.
        try (var holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("LOCK TABLE decisions IN ACCESS EXCLUSIVE MODE");

            for (var path : List.of("/admin/api/decisions?limit=5", "/admin/api/decisions/" + UUID.randomUUID(),
                    "/admin/api/usage?scope=team&window=day")) {
                var response = get(path, adminToken());

                assertThat(response.statusCode()).as(path).isEqualTo(503);
                var error = json(response.body()).path("error");
                assertThat(error.path("code").asText()).as(path).isEqualTo("query_timeout");
                assertThat(error.path("message").asText()).as(path).contains("1 s").contains("narrow its time range or filters");
            }
            // Stopped on the server, not only given up on: no read of the console still waits there.
            assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE state = 'active' "
                    + "AND query LIKE 'SELECT%FROM decisions%' AND pid <> pg_backend_pid()", Long.class)).isZero();
            holder.rollback();
        }

        assertThat(get("/admin/api/decisions?limit=5", adminToken()).statusCode()).isEqualTo(200);
    }
}
