package dev.warden.gateway.quota;

import dev.warden.policy.LimitSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** Calendar windows in the policy's time zone: a window rolls over at the top of the minute, hour, day or month. */
final class Windows {

    private Windows() {
    }

    static Instant start(LimitSpec.Window window, Instant now, ZoneId zone) {
        var time = now.atZone(zone);
        var start = switch (window) {
            case MINUTE -> time.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> time.truncatedTo(ChronoUnit.HOURS);
            case DAY -> time.truncatedTo(ChronoUnit.DAYS);
            case MONTH -> time.with(TemporalAdjusters.firstDayOfMonth()).truncatedTo(ChronoUnit.DAYS);
        };
        return start.toInstant();
    }

    static Instant end(LimitSpec.Window window, Instant now, ZoneId zone) {
        var start = start(window, now, zone).atZone(zone);
        var end = switch (window) {
            case MINUTE -> start.plusMinutes(1);
            case HOUR -> start.plusHours(1);
            case DAY -> start.plusDays(1);
            case MONTH -> start.plusMonths(1);
        };
        return end.toInstant();
    }
}
