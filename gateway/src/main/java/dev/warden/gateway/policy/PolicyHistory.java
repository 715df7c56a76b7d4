package dev.warden.gateway.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicySource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The revisions that were active, newest first, with their files: history, and the source of rollbacks. */
@Component
public class PolicyHistory {

    private static final TypeReference<LinkedHashMap<String, String>> FILES = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    PolicyHistory(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One activation. */
    public record Entry(long id, String revision, String gitCommit, Instant activatedAt, String activatedBy, String origin,
                        String diffSummary) {
    }

    void record(PolicyBundle bundle, String actor, String origin, String diffSummary) {
        var files = new LinkedHashMap<String, String>();
        bundle.sources().forEach(source -> files.put(source.name(), source.content()));
        jdbc.update("INSERT INTO policy_revisions (revision, git_commit, activated_by, origin, files, diff_summary) "
                + "VALUES (?, ?, ?, ?, ?::jsonb, ?)", bundle.revision(), bundle.gitCommit().orElse(null), actor, origin,
                write(files), diffSummary);
    }

    public List<Entry> newest(int limit) {
        return jdbc.query("SELECT id, revision, git_commit, activated_at, activated_by, origin, diff_summary "
                + "FROM policy_revisions ORDER BY id DESC LIMIT ?", PolicyHistory::entry, limit);
    }

    /** The newest activation made through the control API (an apply or a rollback), if any. */
    public Optional<Entry> newestApplied() {
        return jdbc.query("SELECT id, revision, git_commit, activated_at, activated_by, origin, diff_summary FROM policy_revisions "
                + "WHERE origin IN ('api', 'rollback') ORDER BY id DESC LIMIT 1", PolicyHistory::entry).stream().findFirst();
    }

    /** The files of the latest activation of a revision. */
    public Optional<List<PolicySource>> files(String revision) {
        return jdbc.query("SELECT files FROM policy_revisions WHERE revision = ? ORDER BY id DESC LIMIT 1",
                (row, i) -> read(row.getString("files")), revision).stream().findFirst();
    }

    private static Entry entry(ResultSet row, int index) throws SQLException {
        return new Entry(row.getLong("id"), row.getString("revision"), row.getString("git_commit"),
                row.getTimestamp("activated_at").toInstant(), row.getString("activated_by"), row.getString("origin"),
                row.getString("diff_summary"));
    }

    private String write(Map<String, String> files) {
        try {
            return json.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("file contents are always serialisable", e);
        }
    }

    private List<PolicySource> read(String files) {
        try {
            return json.readValue(files, FILES).entrySet().stream().map(e -> new PolicySource(e.getKey(), e.getValue())).toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy files are not valid JSON", e);
        }
    }
}
