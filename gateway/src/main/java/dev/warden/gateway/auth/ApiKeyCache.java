package dev.warden.gateway.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Active keys by hash, in memory, so that authenticating a request costs one HMAC and one map
 * look-up and never a database round trip. A background refresh reads only what changed since the
 * last change it saw (new keys, revocations, from any replica), every {@code refreshInterval}; a
 * periodic full reload guards against a change committed out of sequence order.
 */
@Component
public class ApiKeyCache implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyCache.class);

    private final ApiKeyStore store;
    private final KeyHasher hasher;
    private final KeyProperties properties;
    private final Clock clock;
    private volatile Map<String, Principal> active = new ConcurrentHashMap<>();
    private long lastChange;
    private Instant lastFullReload = Instant.EPOCH;

    ApiKeyCache(ApiKeyStore store, KeyHasher hasher, KeyProperties properties, Clock clock) {
        this.store = store;
        this.hasher = hasher;
        this.properties = properties;
        this.clock = clock;
    }

    public Optional<Principal> authenticate(String key) {
        if (key == null || !key.startsWith(ApiKeyStore.KEY_PREFIX) || key.length() > 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(active.get(hasher.hash(key)));
    }

    /**
     * Makes a key issued by this replica usable at once, before the next refresh. It waits for a
     * refresh in progress: a full reload swaps in a map read before the key existed, which would
     * drop it until the next refresh.
     */
    public synchronized void admit(NewApiKey issued) {
        active.put(hasher.hash(issued.key()), issued.details().principal());
    }

    /**
     * Makes a key revoked through this replica unusable at once. It waits for a refresh in
     * progress, which may have read the key before its revocation and would put it back.
     */
    public synchronized void evict(UUID keyId) {
        active.values().removeIf(principal -> principal.keyId().equals(keyId));
    }

    @Override
    public void afterPropertiesSet() {
        refresh();
    }

    @Scheduled(fixedDelayString = "${warden.keys.refresh-interval:250ms}")
    public synchronized void refresh() {
        try {
            var now = clock.instant();
            if (now.isAfter(lastFullReload.plus(properties.fullReload()))) {
                reloadAll();
                lastFullReload = now;
            } else {
                apply(store.changesSince(lastChange), active);
            }
        } catch (RuntimeException e) {
            log.warn("API key refresh failed; keeping the keys already loaded: {}", e.getMessage());
        }
    }

    private void reloadAll() {
        var fresh = new ConcurrentHashMap<String, Principal>();
        lastChange = 0;
        apply(store.changesSince(0), fresh);
        active = fresh;
    }

    private void apply(Iterable<ApiKeyStore.KeyChange> changes, Map<String, Principal> target) {
        for (var change : changes) {
            if (change.key().revokedAt() == null) {
                target.put(change.hash(), change.key().principal());
            } else {
                target.remove(change.hash());
            }
            lastChange = Math.max(lastChange, change.changeSeq());
        }
    }
}
