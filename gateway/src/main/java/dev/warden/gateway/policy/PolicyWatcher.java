package dev.warden.gateway.policy;

import dev.warden.policy.PolicyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Applies changes to the policy directory as they are saved. Editors and {@code git pull} write
 * several files in a burst, so a change is applied once the directory has been quiet for the
 * debounce interval; an invalid result is refused and the active bundle stays.
 */
@Component
class PolicyWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PolicyWatcher.class);

    private final PolicyProperties properties;
    private final PolicySources sources;
    private final ActivePolicy policy;
    private volatile WatchService watchService;
    private Thread thread;

    PolicyWatcher(PolicyProperties properties, PolicySources sources, ActivePolicy policy) {
        this.properties = properties;
        this.sources = sources;
        this.policy = policy;
    }

    @Override
    public void start() {
        if (!properties.watch() || !sources.fromDirectory()) {
            return;
        }
        try {
            watchService = FileSystems.getDefault().newWatchService();
            registerTree(properties.dir());
        } catch (IOException e) {
            log.warn("Cannot watch {}: policy changes need a restart or the control API: {}", properties.dir(), e.getMessage());
            return;
        }
        thread = Thread.ofPlatform().name("policy-watcher").daemon().start(this::watch);
        log.info("Watching {} for policy changes", properties.dir().toAbsolutePath());
    }

    @Override
    public void stop() {
        var service = watchService;
        watchService = null;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("Closing the policy watch service failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return watchService != null;
    }

    private void watch() {
        try {
            while (watchService != null) {
                var key = watchService.take();
                boolean changed = drain(key);
                // Debounce: keep collecting until the directory is quiet.
                for (var next = watchService.poll(properties.debounce().toMillis(), TimeUnit.MILLISECONDS); next != null;
                     next = watchService.poll(properties.debounce().toMillis(), TimeUnit.MILLISECONDS)) {
                    changed |= drain(next);
                }
                if (changed) {
                    reload();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // stopping
        }
    }

    private boolean drain(WatchKey key) {
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && event.context() instanceof Path name) {
                var created = ((Path) key.watchable()).resolve(name);
                if (Files.isDirectory(created)) {
                    try {
                        registerTree(created);
                    } catch (IOException | UncheckedIOException e) {
                        log.warn("Cannot watch new directory {}: {}", created, e.getMessage());
                    }
                }
            }
        }
        key.reset();
        return true;
    }

    private void reload() {
        try {
            policy.activate(sources.load(), "file-watch", "file-watch");
        } catch (PolicyException e) {
            policy.refused(e, "file-watch");
        } catch (RuntimeException e) {
            log.error("Reloading policies from {} failed; the active bundle stays", properties.dir(), e);
        }
    }

    private void registerTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
