package dev.warden.gateway.control;

import dev.warden.gateway.embedded.DataDirectory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The bearer token that authorises the control API, compared in constant time. */
@Component
public class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    static final String FILE = "admin-token";

    private final byte[] token;

    AdminToken(AdminProperties properties, DataDirectory data) {
        String value = properties.token();
        if (value == null || value.isBlank()) {
            value = data.secret(FILE);
            log.info("WARDEN_ADMIN_TOKEN is not set: the control API's token is in {}", data.resolve(FILE));
        }
        this.token = value.getBytes(StandardCharsets.UTF_8);
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
