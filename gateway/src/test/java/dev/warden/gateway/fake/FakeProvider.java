package dev.warden.gateway.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local upstream model provider speaking one provider's real wire format over plain HTTP/1.1:
 * OpenAI (and OpenAI-compatible servers), Azure OpenAI, Anthropic or Gemini, whole and streamed,
 * with tool calls. Models named in {@link Faults} misbehave in the same way for every format.
 * Built on a raw socket, one virtual thread per connection, so that it can reset a connection or
 * cut a chunked stream at an exact event.
 */
public final class FakeProvider implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The wire format the fake speaks. */
    public enum Format { OPENAI, AZURE_OPENAI, ANTHROPIC, GEMINI }

    /** One request as the fake received it; header names are lower case, the query is empty when absent. */
    public record Received(String method, String path, String query, Map<String, String> headers, byte[] body) {

        /** The body as JSON; an empty object when there is no body. */
        public JsonNode json() {
            return body.length == 0 ? JSON.createObjectNode() : parse(new String(body, StandardCharsets.UTF_8));
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Format format;
    private final Responder responder;
    private final ServerSocket server;
    private final Faults faults = new Faults();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> disconnected = ConcurrentHashMap.newKeySet();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private FakeProvider(Format format, ServerSocket server) {
        this.format = format;
        this.responder = Responder.of(format);
        this.server = server;
    }

    public static FakeProvider start(Format format) {
        try {
            var fake = new FakeProvider(format, new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
            Thread.ofVirtual().name("fake-" + format.name().toLowerCase(Locale.ROOT) + "-accept").start(fake::accept);
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Format format() {
        return format;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The base URL a Warden provider of this format is configured with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + responder.basePath();
    }

    /** Every request received since the start or the last {@link #clear()}, oldest first. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests for one model, as this format names it (body, deployment or path). */
    public List<Received> receivedFor(String model) {
        return received.stream().filter(request -> model.equals(modelOf(request))).toList();
    }

    public Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the fake " + format + " provider received no request");
        }
        return received.getLast();
    }

    /**
     * Forgets received requests, disconnections and flaky counts; releases any gated answer
     * still waiting and closes the gate again for the next test.
     */
    public void clear() {
        received.clear();
        disconnected.clear();
        faults.reset();
    }

    /** Lets {@link Faults#GATED} answers continue past their first event. */
    public void releaseGate() {
        faults.releaseGate();
    }

    /**
     * Whether a client went away before the fake finished answering a request for this model:
     * a write failed mid-stream, or the client closed the connection while the fake waited.
     */
    public boolean clientDisconnected(String model) {
        return disconnected.contains(model);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
        connections.forEach(FakeProvider::closeQuietly);
    }

    private void accept() {
        while (!closed) {
            try {
                var socket = server.accept();
                connections.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (var connection = new HttpConnection(socket)) {
            for (var request = connection.read(); request != null; request = connection.read()) {
                received.add(request);
                respond(connection, request);
                if (!connection.reusable()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away between requests, or the fake is closing
        } finally {
            connections.remove(socket);
        }
    }

    private void respond(HttpConnection connection, Received request) throws IOException {
        var model = "";
        try {
            var rejection = responder.rejection(request);
            if (rejection.isPresent()) {
                connection.send(rejection.get().status(), rejection.get().headers(), rejection.get().body());
                return;
            }
            model = responder.model(request);
            faults.answer(connection, responder, request, model);
        } catch (UncheckedIOException unparsable) {
            var error = responder.error(400, "The request body is not valid JSON.");
            connection.send(error.status(), error.headers(), error.body());
        } catch (IOException e) {
            if (!closed) {
                disconnected.add(model);
            }
            throw e;
        }
    }

    private String modelOf(Received request) {
        try {
            return responder.model(request);
        } catch (UncheckedIOException unparsable) {
            return "";
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> queryParameters(String query) {
        var parameters = new LinkedHashMap<String, String>();
        for (var pair : query.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                var name = equals < 0 ? pair : pair.substring(0, equals);
                var value = equals < 0 ? "" : pair.substring(equals + 1);
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
