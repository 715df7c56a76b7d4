package dev.warden.gateway.routing;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads a decision record once the decision log has shipped it. */
final class Decisions {

    private Decisions() {
    }

    static Map<String, Object> await(JdbcTemplate jdbc, String id) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", UUID.fromString(id)),
                rows -> rows.size() == 1).getFirst();
    }
}
