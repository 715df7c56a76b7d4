package dev.warden.policy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the commit a policy directory is checked out at by reading {@code .git} directly (HEAD,
 * loose and packed refs, worktrees), so that no git binary is needed where Warden runs.
 */
public final class GitCommits {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private GitCommits() {
    }

    public static Optional<String> of(Path directory) {
        try {
            for (var dir = directory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                var dotGit = dir.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return head(dotGit, dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    var gitDir = dir.resolve(Files.readString(dotGit).strip().replaceFirst("^gitdir:\\s*", "")).normalize();
                    var common = Files.isRegularFile(gitDir.resolve("commondir"))
                            ? gitDir.resolve(Files.readString(gitDir.resolve("commondir")).strip()).normalize() : gitDir;
                    return head(gitDir, common);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a readable checkout: the bundle simply has no commit
        }
        return Optional.empty();
    }

    private static Optional<String> head(Path gitDir, Path commonDir) throws IOException {
        var head = Files.readString(gitDir.resolve("HEAD")).strip();
        if (HASH.matcher(head).matches()) {
            return Optional.of(head);
        }
        if (!head.startsWith("ref: ")) {
            return Optional.empty();
        }
        var ref = head.substring(5).strip();
        for (var base : new Path[] {gitDir, commonDir}) {
            var loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                var hash = Files.readString(loose).strip();
                return HASH.matcher(hash).matches() ? Optional.of(hash) : Optional.empty();
            }
        }
        var packed = commonDir.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (var line : Files.readAllLines(packed)) {
                var parts = line.split(" ");
                if (parts.length == 2 && parts[1].equals(ref) && HASH.matcher(parts[0]).matches()) {
                    return Optional.of(parts[0]);
                }
            }
        }
        return Optional.empty();
    }
}
