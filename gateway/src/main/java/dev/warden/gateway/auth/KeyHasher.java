package dev.warden.gateway.auth;

import dev.warden.gateway.embedded.DataDirectory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Hashes API keys with HMAC-SHA-256 under a server secret: the database holds only hashes, and a
 * stolen table cannot be checked against guesses without the secret.
 */
@Component
public class KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final Mac prototype;

    KeyHasher(KeyProperties properties, DataDirectory data) {
        var secret = properties.secret() == null || properties.secret().isBlank() ? data.secret("key-secret") : properties.secret();
        try {
            prototype = Mac.getInstance(ALGORITHM);
            prototype.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is required by every Java platform", e);
        }
    }

    public String hash(String key) {
        try {
            var mac = (Mac) prototype.clone();
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HMAC is cloneable", e);
        }
    }
}
