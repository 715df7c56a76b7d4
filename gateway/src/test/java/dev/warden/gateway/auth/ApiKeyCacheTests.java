package dev.warden.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A key issued or revoked on this replica while a full reload is reading the store keeps its state. */
class ApiKeyCacheTests {

    private static final String KEY = ApiKeyStore.KEY_PREFIX + "issued-during-a-reload";

    private final KeyHasher hasher = new KeyHasher(new KeyProperties("test-secret", null, Duration.ZERO), null);
    private final ApiKey issued = new ApiKey(UUID.randomUUID(), "wk-issued", "test", "team", null, Instant.EPOCH, null);

    @Test
    void aKeyIssuedWhileAFullReloadReadsTheStoreIsNotDroppedByIt() throws Exception {
        // the reload's read of the store predates the key
        var store = new ReadingStore(List.of());
        var cache = new ApiKeyCache(store, hasher, new KeyProperties("test-secret", null, Duration.ZERO), Clock.systemUTC());

        var reload = Thread.ofVirtual().start(cache::refresh);
        assertThat(store.reading.await(5, TimeUnit.SECONDS)).isTrue();
        var admit = Thread.ofVirtual().start(() -> cache.admit(new NewApiKey(KEY, issued)));
        admit.join(Duration.ofMillis(200)); // it waits for the reload, or puts the key in the map about to be replaced
        store.answer.countDown();
        reload.join();
        admit.join();

        assertThat(cache.authenticate(KEY)).map(Principal::keyId).hasValue(issued.id());
    }

    @Test
    void aKeyRevokedWhileAFullReloadReadsTheStoreIsNotPutBackByIt() throws Exception {
        // the reload's read of the store predates the revocation
        var store = new ReadingStore(List.of(new ApiKeyStore.KeyChange(hasher.hash(KEY), issued, 1)));
        var cache = new ApiKeyCache(store, hasher, new KeyProperties("test-secret", null, Duration.ZERO), Clock.systemUTC());
        store.answer.countDown();
        cache.refresh();
        assertThat(cache.authenticate(KEY)).isPresent();
        store.hold();

        var reload = Thread.ofVirtual().start(cache::refresh);
        assertThat(store.reading.await(5, TimeUnit.SECONDS)).isTrue();
        var evict = Thread.ofVirtual().start(() -> cache.evict(issued.id()));
        evict.join(Duration.ofMillis(200));
        store.answer.countDown();
        reload.join();
        evict.join();

        assertThat(cache.authenticate(KEY)).isEmpty();
    }

    /** A store whose reads wait for the test, after saying they have begun. */
    private static final class ReadingStore extends ApiKeyStore {

        private final List<KeyChange> changes;
        volatile CountDownLatch reading = new CountDownLatch(1);
        volatile CountDownLatch answer = new CountDownLatch(1);

        ReadingStore(List<KeyChange> changes) {
            super(null, null);
            this.changes = changes;
        }

        void hold() {
            reading = new CountDownLatch(1);
            answer = new CountDownLatch(1);
        }

        @Override
        List<KeyChange> changesSince(long changeSeq) {
            reading.countDown();
            try {
                answer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return changes;
        }
    }
}
