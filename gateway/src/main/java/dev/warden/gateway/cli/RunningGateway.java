package dev.warden.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.gateway.embedded.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Announces a serving gateway in its data directory ({@code gateway.json}: address and process
 * id), so that a CLI command on the same data directory talks to it instead of opening the
 * embedded database that the gateway holds.
 */
@Component
class RunningGateway {

    static final String FILE = "gateway.json";
    private static final Logger log = LoggerFactory.getLogger(RunningGateway.class);

    private final DataDirectory data;
    private final ObjectMapper json;

    RunningGateway(DataDirectory data, ObjectMapper json) {
        this.data = data;
        this.json = json;
    }

    record Announcement(String url, long pid) {
    }

    @EventListener
    void serving(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        var announcement = new Announcement("http://127.0.0.1:" + event.getWebServer().getPort(), ProcessHandle.current().pid());
        try {
            Files.createDirectories(data.root());
            json.writeValue(data.resolve(FILE).toFile(), announcement);
        } catch (IOException e) {
            log.warn("Cannot write {}: CLI commands will not find this gateway: {}", data.resolve(FILE), e.getMessage());
        }
    }

    @EventListener
    void stopping(ContextClosedEvent event) {
        try {
            Files.deleteIfExists(data.resolve(FILE));
        } catch (IOException e) {
            log.warn("Cannot remove {}: {}", data.resolve(FILE), e.getMessage());
        }
    }

    /** The gateway serving on this data directory, if one is running. */
    static Optional<Announcement> find(Path dataDir, ObjectMapper json) {
        var file = dataDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            var announcement = json.readValue(file.toFile(), Announcement.class);
            return ProcessHandle.of(announcement.pid()).filter(ProcessHandle::isAlive).map(p -> announcement);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
