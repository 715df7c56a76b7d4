package dev.warden.gateway.auth;

import dev.warden.gateway.api.GatewayException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Issues, lists and revokes API keys in PostgreSQL. Keys are stored only as hashes. */
@Component
public class ApiKeyStore {

    static final String KEY_PREFIX = "wk-";
    private static final int DISPLAY_PREFIX_LENGTH = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._@-]*");

    private final JdbcTemplate jdbc;
    private final KeyHasher hasher;

    ApiKeyStore(JdbcTemplate jdbc, KeyHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    /**
     * Issues a key for a team.
     *
     * @throws GatewayException (400) naming the field when team, name or user is not acceptable
     */
    public NewApiKey create(String team, String name, String user) {
        check("team", team, true, 100);
        check("name", name, true, 200);
        check("user", user, false, 200);
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        var key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var details = new ApiKey(UUID.randomUUID(), key.substring(0, DISPLAY_PREFIX_LENGTH), name, team, user, Instant.now(), null);
        jdbc.update("INSERT INTO api_keys (id, key_hash, key_prefix, name, team, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                details.id(), hasher.hash(key), details.prefix(), name, team, user, Timestamp.from(details.createdAt()));
        return new NewApiKey(key, details);
    }

    private static void check(String field, String value, boolean required, int maxLength) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw GatewayException.badRequest(field, "'" + field + "' is required.");
            }
            return;
        }
        if (value.length() > maxLength || !VALUE.matcher(value).matches()) {
            throw GatewayException.badRequest(field, "'" + field + "' must be at most " + maxLength
                    + " letters, digits, spaces or . _ @ - characters.");
        }
    }

    public List<ApiKey> list() {
        return jdbc.query("SELECT * FROM api_keys ORDER BY created_at, id", ApiKeyStore::map);
    }

    public Optional<ApiKey> find(UUID id) {
        return jdbc.query("SELECT * FROM api_keys WHERE id = ?", ApiKeyStore::map, id).stream().findFirst();
    }

    /** Revokes a key; returns whether a key with that id was active. */
    public boolean revoke(UUID id) {
        return jdbc.update("UPDATE api_keys SET revoked_at = now(), change_seq = nextval('api_key_changes') "
                + "WHERE id = ? AND revoked_at IS NULL", id) == 1;
    }

    /** Keys changed since the given change number, oldest change first, with their hash. */
    List<KeyChange> changesSince(long changeSeq) {
        return jdbc.query("SELECT * FROM api_keys WHERE change_seq > ? ORDER BY change_seq",
                (row, i) -> new KeyChange(row.getString("key_hash"), map(row, i), row.getLong("change_seq")), changeSeq);
    }

    record KeyChange(String hash, ApiKey key, long changeSeq) {
    }

    private static ApiKey map(ResultSet row, int index) throws SQLException {
        var revoked = row.getTimestamp("revoked_at");
        return new ApiKey(row.getObject("id", UUID.class), row.getString("key_prefix"), row.getString("name"),
                row.getString("team"), row.getString("user_id"), row.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
