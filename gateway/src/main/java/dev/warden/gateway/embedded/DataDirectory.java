package dev.warden.gateway.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Warden's local state directory ({@code WARDEN_DATA_DIR}, default {@code ./data}): the embedded
 * database, secrets generated on first start, and the file that tells the CLI where a running
 * gateway listens.
 */
public final class DataDirectory {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    public DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path resolve(String name) {
        return root.resolve(name);
    }

    /**
     * Reads the secret stored under {@code name}, generating it (readable by the owner only) on
     * first use, so that restarts keep the same value.
     */
    public synchronized String secret(String name) {
        var file = resolve(name);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            Files.createDirectories(root);
            var bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            var value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.writeString(file, value, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            restrictToOwner(file);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret file " + file, e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the directory's own permissions apply
        }
    }
}
