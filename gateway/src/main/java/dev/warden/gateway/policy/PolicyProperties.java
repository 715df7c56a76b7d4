package dev.warden.gateway.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where policies come from and how they are evaluated.
 *
 * @param dir      the policy directory ({@code WARDEN_POLICY_DIR}); when it does not exist, the
 *                 example bundle inside the jar is used
 * @param watch    whether changes to the directory are applied as they are saved (default true)
 * @param debounce how long the directory must be quiet before a change is applied (default 500ms)
 * @param timeZone the zone of the {@code time.*} variables (default UTC)
 * @param org      the organisation's name, {@code principal.org} in conditions (default "default")
 */
@ConfigurationProperties("warden.policy")
public record PolicyProperties(Path dir, Boolean watch, Duration debounce, ZoneId timeZone, String org) {

    public PolicyProperties {
        dir = dir == null ? Path.of("policies") : dir;
        watch = watch == null || watch;
        debounce = debounce == null ? Duration.ofMillis(500) : debounce;
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
        org = org == null || org.isBlank() ? "default" : org;
    }
}
