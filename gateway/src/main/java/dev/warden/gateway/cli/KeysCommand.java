package dev.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.WardenApplication;
import dev.warden.gateway.auth.ApiKeyStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** {@code keys create}: through the running gateway if there is one, else straight into the database. */
final class KeysCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final ObjectMapper json = new ObjectMapper();

    KeysCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int create(CliArguments arguments) {
        var request = new LinkedHashMap<String, String>();
        request.put("team", arguments.required("team"));
        request.put("name", arguments.required("name"));
        arguments.option("user").ifPresent(user -> request.put("user", user));
        var dataDir = Path.of(arguments.option("data-dir").orElse(environment("WARDEN_DATA_DIR", "data")));
        var running = RunningGateway.find(dataDir, json);
        JsonNode created = running.isPresent()
                ? throughGateway(running.get().url(), adminToken(dataDir), request)
                : json.valueToTree(directly(request, dataDir));
        out.println(created.path("key").asText());
        err.printf("Created key %s for team '%s' (id %s). Store it now: it is not shown again.%n",
                created.path("prefix").asText(), created.path("team").asText(), created.path("id").asText());
        return 0;
    }

    private JsonNode throughGateway(String url, String token, Object request) {
        try (var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            var response = client.send(HttpRequest.newBuilder(URI.create(url + "/admin/api/keys"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            var body = json.readTree(response.body());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("the gateway at " + url + " refused: " + body.path("error").path("message").asText());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the gateway at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Object directly(Map<String, String> request, Path dataDir) {
        try (var context = new SpringApplicationBuilder(WardenApplication.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("logging.level.root=warn", "spring.main.banner-mode=off")
                .run("--warden.data.dir=" + dataDir)) {
            var issued = context.getBean(ApiKeyStore.class).create(request.get("team"), request.get("name"), request.get("user"));
            var details = issued.details();
            var created = new LinkedHashMap<String, Object>();
            created.put("id", details.id());
            created.put("key", issued.key());
            created.put("prefix", details.prefix());
            created.put("team", details.team());
            return created;
        }
    }

    private static String adminToken(Path dataDir) {
        var token = System.getenv("WARDEN_ADMIN_TOKEN");
        if (token != null && !token.isBlank()) {
            return token;
        }
        try {
            return Files.readString(dataDir.resolve("admin-token")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("a gateway is running but its admin token is unknown: set WARDEN_ADMIN_TOKEN", e);
        }
    }

    private static String environment(String name, String fallback) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
