package dev.warden.gateway.decisionlog;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the decisions table's daily partitions (UTC days): a week ahead is created at start and
 * every hour, and partitions older than the retention are dropped whole, which is instant and
 * leaves no bloat, unlike deleting rows.
 */
@Component
class DecisionPartitions implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DecisionPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final int DAYS_AHEAD = 7;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final DecisionLogProperties properties;

    DecisionPartitions(JdbcTemplate jdbc, Clock clock, DecisionLogProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        maintain();
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1H")
    void maintain() {
        try {
            var today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            for (int i = 0; i <= DAYS_AHEAD; i++) {
                create(today.plusDays(i));
            }
            dropBefore(today.minusDays(properties.retentionDays()));
        } catch (RuntimeException e) {
            log.warn("Maintaining decision partitions failed; rows go to the default partition meanwhile: {}", e.getMessage());
        }
    }

    /** Names of the daily partitions that exist, oldest first. */
    List<String> partitions() {
        return jdbc.queryForList("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                WHERE p.relname = 'decisions' AND p.relnamespace = current_schema()::regnamespace
                  AND c.relname ~ '^decisions_[0-9]{8}$' ORDER BY c.relname""", String.class);
    }

    private void create(LocalDate day) {
        try {
            jdbc.execute("CREATE TABLE IF NOT EXISTS decisions_" + day.format(SUFFIX) + " PARTITION OF decisions FOR VALUES FROM ('"
                    + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
        } catch (RuntimeException e) {
            // the default partition already holds rows of that day: they stay there
            log.debug("No partition for {}: {}", day, e.getMessage());
        }
    }

    private void dropBefore(LocalDate cutoff) {
        var oldest = "decisions_" + cutoff.format(SUFFIX);
        for (var partition : partitions()) {
            if (partition.compareTo(oldest) < 0) {
                jdbc.execute("DROP TABLE IF EXISTS " + partition);
                log.info("Dropped decision partition {} (retention {} days)", partition, properties.retentionDays());
            }
        }
        jdbc.update("DELETE FROM decisions_default WHERE created_at < ?", Timestamp.from(
                cutoff.atStartOfDay(ZoneOffset.UTC).toInstant()));
    }
}
