package dev.warden.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.gateway.api.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The key a request presents, as any HTTP layer asks for it. */
class ApiKeysTests {

    private static final String KEY = ApiKeyStore.KEY_PREFIX + "presented";

    private final ApiKey issued = new ApiKey(UUID.randomUUID(), "wk-presen", "test", "team", null, Instant.EPOCH, null);
    private final ApiKeys keys = keysKnowing(KEY, issued);

    @Test
    void takesTheBearerTokenFirstAndTheAnthropicHeaderOtherwise() {
        assertThat(keys.authenticate("Bearer " + KEY, "wk-something-else").keyId()).isEqualTo(issued.id());
        assertThat(keys.authenticate("bearer  " + KEY + " ", null).keyId()).isEqualTo(issued.id());
        assertThat(keys.authenticate(null, " " + KEY + " ").keyId()).isEqualTo(issued.id());
        assertThat(keys.authenticate("Basic dXNlcjpwYXNz", KEY).keyId()).isEqualTo(issued.id());
    }

    @Test
    void refusesARequestWithoutAKeyAndOneWithAnUnknownKey() {
        assertThatThrownBy(() -> keys.authenticate(null, null)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status().value()).isEqualTo(401);
            assertThat(e.getMessage()).startsWith("Missing API key");
        });
        assertThatThrownBy(() -> keys.authenticate("Basic dXNlcjpwYXNz", null)).hasMessageStartingWith("Missing API key");
        assertThatThrownBy(() -> keys.authenticate("Bearer " + KEY + "x", null)).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.status().value()).isEqualTo(401);
            assertThat(e.getMessage()).startsWith("Invalid API key");
        });
    }

    private static ApiKeys keysKnowing(String key, ApiKey issued) {
        var properties = new KeyProperties("test-secret", null, Duration.ZERO);
        var cache = new ApiKeyCache(new EmptyStore(), new KeyHasher(properties, null), properties, Clock.systemUTC());
        cache.admit(new NewApiKey(key, issued));
        return new ApiKeys(cache);
    }

    /** A store with no keys, so that only the key admitted above is known. */
    private static final class EmptyStore extends ApiKeyStore {

        EmptyStore() {
            super(null, null);
        }

        @Override
        List<KeyChange> changesSince(long changeSeq) {
            return List.of();
        }
    }
}
