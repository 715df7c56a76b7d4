package dev.warden.gateway.decisionlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The built gateway jar run as a process of its own, so that tests can kill it as an operator or a crash would. */
public final class GatewayProcess {

    public static final String ADMIN_TOKEN = "process-admin";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private GatewayProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static GatewayProcess start(Path dataDir, Path policyDir, String databaseUrl, Map<String, String> environment) {
        return start(dataDir, policyDir, databaseUrl, environment, java.util.List.of());
    }

    /**
     * @param databaseUrl an external database, or null for the embedded one in {@code dataDir}
     * @param jvmOptions  options for the gateway's JVM
     */
    public static GatewayProcess start(Path dataDir, Path policyDir, String databaseUrl, Map<String, String> environment,
                                       java.util.List<String> jvmOptions) {
        int port = freePort();
        var java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(Path.of("target/warden.jar").toAbsolutePath().toString());
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("gateway.log").toFile());
        var env = builder.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("WARDEN_DATA_DIR", dataDir.toString());
        env.put("WARDEN_POLICY_DIR", policyDir.toString());
        if (databaseUrl != null) {
            env.put("SPRING_DATASOURCE_URL", databaseUrl);
        }
        env.put("WARDEN_ADMIN_TOKEN", ADMIN_TOKEN);
        env.putAll(environment);
        try {
            var gateway = new GatewayProcess(builder.start(), port);
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(gateway::ready);
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** SIGTERM: a graceful stop, as Kubernetes asks for one. */
    public int terminate() throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
        return process.exitValue();
    }

    /** SIGKILL: no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10));
    }

    private boolean ready() {
        try {
            return HTTP.send(request("/actuator/health/readiness").build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
