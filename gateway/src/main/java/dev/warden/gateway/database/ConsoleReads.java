package dev.warden.gateway.database;

import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a person waits on (the control API's decision pages and usage), bounded on the server.
 * After {@link DatabaseProperties#consoleQueryTimeout()} the driver asks PostgreSQL to cancel the
 * statement, so that its work stops with the wait. Without the bound, a usage query over a month of
 * a busy gateway's decisions went on using a core of the database after the pool's 60 s read
 * bound had given the console an error, and every refresh of the page started another.
 */
@Component
public class ConsoleReads {

    private final JdbcTemplate jdbc;
    private final long timeoutSeconds;

    ConsoleReads(DataSource dataSource, DatabaseProperties properties) {
        this.timeoutSeconds = properties.consoleQueryTimeout().toSeconds();
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, timeoutSeconds));
    }

    /**
     * Runs the read with the bounded template.
     *
     * @throws QueryTooLong when the server cancelled it at the bound (Spring translates PostgreSQL's
     *                      cancelled statement, SQL state 57014, to a query timeout)
     */
    public <T> T read(Function<JdbcTemplate, T> query) {
        try {
            return query.apply(jdbc);
        } catch (QueryTimeoutException e) {
            throw new QueryTooLong(timeoutSeconds, e);
        }
    }

    /** A console read stopped at its bound. */
    public static final class QueryTooLong extends RuntimeException {

        QueryTooLong(long seconds, Throwable cause) {
            super("The query ran for " + seconds + " s, the most a console read may (warden.database.console-query-timeout), "
                    + "and was stopped; narrow its time range or filters.", cause);
        }
    }
}
