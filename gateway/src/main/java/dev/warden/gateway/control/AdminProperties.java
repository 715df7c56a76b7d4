package dev.warden.gateway.control;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The control API's credentials.
 *
 * @param token the bearer token for {@code /admin/api/**} ({@code WARDEN_ADMIN_TOKEN}); when empty,
 *              one is generated into the data directory's {@code admin-token} file on first start
 */
@ConfigurationProperties("warden.admin")
public record AdminProperties(String token) {
}
