package dev.warden.gateway.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.warden.gateway.WardenIntegrationTest;
import dev.warden.gateway.fake.FakeOpenAi;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeysControlIntegrationTests extends WardenIntegrationTest {

    @Test
    void issuesAKeyOnceListsItWithoutTheKeyAndStoresOnlyItsHash() {
        var created = post("/admin/api/keys", adminToken(), "{\"team\":\"platform\",\"name\":\"ci\",\"user\":\"ada\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        var body = json(created.body());
        var key = body.path("key").asText();
        assertThat(key).startsWith("wk-").hasSizeGreaterThan(40);
        var listed = get("/admin/api/keys", adminToken());
        assertThat(listed.body()).contains(body.path("id").asText(), "platform", "ada").doesNotContain(key);
        var stored = jdbc.queryForMap("SELECT * FROM api_keys WHERE id = ?::uuid", body.path("id").asText());
        assertThat(stored.values()).noneMatch(value -> value != null && value.toString().contains(key.substring(3)));
        assertThat(stored.get("key_hash").toString()).hasSize(64);
        assertThat(post("/v1/chat/completions", key, chat(FakeOpenAi.MODEL)).statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedKeyStopsWorkingWithinOneSecond() {
        var created = json(post("/admin/api/keys", adminToken(), "{\"team\":\"platform\",\"name\":\"to revoke\"}").body());
        var key = created.path("key").asText();
        assertThat(get("/v1/models", key).statusCode()).isEqualTo(200);

        var revoked = send(HttpRequest.newBuilder(URI.create(url("/admin/api/keys/" + created.path("id").asText())))
                .header("Authorization", "Bearer " + adminToken()).DELETE().build());

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked.body()).path("revokedAt").isTextual()).isTrue();
        await().atMost(Duration.ofSeconds(1)).until(() -> get("/v1/models", key).statusCode() == 401);
    }

    @Test
    void aKeyRevokedDirectlyInTheDatabaseStopsWorkingWithinOneSecond() {
        var key = newKey("elsewhere");
        assertThat(get("/v1/models", key).statusCode()).isEqualTo(200);

        jdbc.update("UPDATE api_keys SET revoked_at = now(), change_seq = nextval('api_key_changes') WHERE team = 'elsewhere'");

        await().atMost(Duration.ofSeconds(1)).until(() -> get("/v1/models", key).statusCode() == 401);
    }

    @Test
    void refusesTheControlApiWithoutTheAdminToken() {
        var missing = get("/admin/api/keys", null);
        var wrong = get("/admin/api/keys", "not-the-token");
        var apiKey = get("/admin/api/keys", newKey("sneaky"));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(apiKey.statusCode()).isEqualTo(401);
        assertThat(json(wrong.body()).path("error").path("type").asText()).isEqualTo("authentication_error");
    }

    @Test
    void refusesAKeyWithoutATeamOrWithAMalformedBody() {
        var noTeam = post("/admin/api/keys", adminToken(), "{\"name\":\"x\"}");
        var badTeam = post("/admin/api/keys", adminToken(), "{\"team\":\"a;drop\",\"name\":\"x\"}");
        var malformed = post("/admin/api/keys", adminToken(), "{\"team\":");

        assertThat(noTeam.statusCode()).isEqualTo(400);
        assertThat(json(noTeam.body()).path("error").path("param").asText()).isEqualTo("team");
        assertThat(badTeam.statusCode()).isEqualTo(400);
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void refusesAControlApiBodyOverTheLimitWith413() {
        var huge = "{\"team\":\"t\",\"name\":\"" + "x".repeat(1_100_000) + "\"}";

        var declared = post("/admin/api/keys", adminToken(), huge);
        var chunked = send(HttpRequest.newBuilder(URI.create(url("/admin/api/keys"))).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes()))).build());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @Test
    void answersRevokingAnUnknownKeyWith404() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/admin/api/keys/00000000-0000-0000-0000-000000000000")))
                .header("Authorization", "Bearer " + adminToken()).DELETE().build());

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
