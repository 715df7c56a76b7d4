package dev.warden.gateway.decisionlog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shipper's first way to PostgreSQL ({@link PostgresDecisionWriter}): a batch's spooled JSON
 * through one {@code COPY}, translated to its text format by {@link CopyRows}, each step bounded by
 * {@link WriteDeadlines}. The {@code COPY} API is the driver's own, reached under the pool's proxy,
 * so this class also does for its connection what the pool does for the others: one that failed is
 * dropped rather than handed out again.
 */
final class DecisionCopy {

    /** Rows in {@link CopyRows}'s text format; the default delimiter (tab) and null ({@code \N}). */
    private static final String COPY = "COPY decisions (" + CopyRows.COLUMNS + ") FROM STDIN";
    /** Rows sent to {@code COPY} at a time: large enough to take few round trips, small enough to stay out of G1's humongous objects. */
    static final int COPY_CHUNK_BYTES = 64 * 1024;

    private final JdbcTemplate jdbc;
    private final WriteDeadlines deadlines;

    DecisionCopy(JdbcTemplate jdbc, WriteDeadlines deadlines) {
        this.jdbc = jdbc;
        this.deadlines = deadlines;
    }

    /**
     * Stores the payloads through one {@code COPY}, which commits all or nothing; false, with nothing
     * stored, when a payload is not in a shape {@link CopyRows} knows. A batch PostgreSQL refuses (a
     * record stored before, a value it cannot take) fails as Spring's {@code DataIntegrityViolationException}.
     */
    boolean write(List<byte[]> payloads) {
        var copied = jdbc.execute((ConnectionCallback<Boolean>) connection -> {
            try (var deadline = deadlines.on(connection)) {
                return copy(connection, deadline, payloads);
            } catch (SQLException e) {
                if (connectionFailed(e)) {
                    // The COPY API is the driver's own, reached under the pool's proxy, so the pool never sees
                    // its failures: it would hand this connection out again, and as it validates only one idle
                    // for over half a second, the shipper's next try (200 ms on) would meet the same dead
                    // connection, and every try after it. Dropped here, so that the pool opens a new one.
                    connection.abort(Runnable::run);
                }
                throw e;
            }
        });
        return Boolean.TRUE.equals(copied);
    }

    private static boolean copy(Connection connection, WriteDeadlines.Deadline deadline, List<byte[]> payloads) throws SQLException {
        deadline.arm();
        var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        SQLException failure = null;
        try {
            var rows = new CopyRows(COPY_CHUNK_BYTES + 4096);
            for (var payload : payloads) {
                if (!rows.append(payload)) {
                    return false;
                }
                if (rows.length() >= COPY_CHUNK_BYTES) {
                    deadline.arm();
                    copy.writeToCopy(rows.bytes(), 0, rows.length());
                    rows.clear();
                }
            }
            deadline.arm();
            if (rows.length() > 0) {
                copy.writeToCopy(rows.bytes(), 0, rows.length());
            }
            copy.endCopy();
            return true;
        } catch (SQLException e) {
            failure = e;
            throw e;
        } finally {
            // A failed connection is dropped by the caller: the driver's cancelCopy would send a CopyFail and
            // wait a whole read bound again for the answer of a server known to be gone.
            if (copy.isActive() && (failure == null || !connectionFailed(failure))) {
                deadline.arm();
                copy.cancelCopy();
            }
        }
    }

    private static boolean connectionFailed(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }
}
