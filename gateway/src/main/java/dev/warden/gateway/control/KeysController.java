package dev.warden.gateway.control;

import dev.warden.gateway.api.GatewayException;
import dev.warden.gateway.auth.ApiKey;
import dev.warden.gateway.auth.ApiKeyCache;
import dev.warden.gateway.auth.ApiKeyStore;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/api/keys}: issue (the key is returned once), list (never the key) and revoke API keys. */
@RestController
class KeysController {

    private final ApiKeyStore store;
    private final ApiKeyCache cache;

    KeysController(ApiKeyStore store, ApiKeyCache cache) {
        this.store = store;
        this.cache = cache;
    }

    @PostMapping("/admin/api/keys")
    @ResponseStatus(HttpStatus.CREATED)
    CreatedKey create(@RequestBody CreateKey request) {
        var issued = store.create(request.team(), request.name(), request.user());
        cache.admit(issued);
        var key = issued.details();
        return new CreatedKey(key.id(), issued.key(), key.prefix(), key.name(), key.team(), key.user(), key.createdAt());
    }

    @GetMapping("/admin/api/keys")
    List<ApiKey> list() {
        return store.list();
    }

    @DeleteMapping("/admin/api/keys/{id}")
    ApiKey revoke(@PathVariable UUID id) {
        var existing = store.find(id).orElseThrow(() -> new GatewayException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "key_not_found", "id", "No API key with id " + id + "."));
        store.revoke(id);
        cache.evict(id);
        return store.find(id).orElse(existing);
    }

    record CreateKey(String team, String name, String user) {
    }

    record CreatedKey(UUID id, String key, String prefix, String name, String team, String user, Instant createdAt) {
    }
}
