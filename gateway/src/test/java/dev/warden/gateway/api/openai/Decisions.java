package dev.warden.gateway.api.openai;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Reads a decision record once the decision log has shipped it. */
final class Decisions {

    private Decisions() {
    }

    static Map<String, Object> awaitRow(JdbcTemplate jdbc, String id) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> jdbc.queryForList("SELECT * FROM decisions WHERE id = ?", UUID.fromString(id)),
                rows -> rows.size() == 1).getFirst();
    }
}
