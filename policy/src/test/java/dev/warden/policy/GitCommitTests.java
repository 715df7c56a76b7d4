package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCommitTests {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path repository;

    @Test
    void recordsTheCommitOfABranchCheckout() throws IOException {
        Files.createDirectories(repository.resolve(".git/refs/heads"));
        Files.writeString(repository.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(repository.resolve(".git/refs/heads/main"), COMMIT + "\n");
        var policies = Files.createDirectories(repository.resolve("policies"));
        Files.writeString(policies.resolve("p.yaml"), EngineFixtures.PROVIDERS);

        var bundle = PolicyLoader.fromDirectory(policies);

        assertThat(bundle.gitCommit()).contains(COMMIT);
        assertThat(bundle.describe()).isEqualTo(bundle.revision() + " (git 0123456789ab)");
    }

    @Test
    void readsPackedRefsAndIgnoresHiddenFiles() throws IOException {
        Files.createDirectories(repository.resolve(".git"));
        Files.writeString(repository.resolve(".git/HEAD"), "ref: refs/heads/release\n");
        Files.writeString(repository.resolve(".git/packed-refs"), "# pack-refs with: peeled\n" + COMMIT + " refs/heads/release\n");
        Files.writeString(repository.resolve("p.yaml"), EngineFixtures.PROVIDERS);
        Files.createDirectories(repository.resolve(".hidden"));
        Files.writeString(repository.resolve(".hidden/broken.yaml"), "not: [valid");

        var bundle = PolicyLoader.fromDirectory(repository);

        assertThat(bundle.gitCommit()).contains(COMMIT);
    }

    @Test
    void hasNoCommitOutsideACheckout() throws IOException {
        Files.writeString(repository.resolve("p.yaml"), EngineFixtures.PROVIDERS);

        assertThat(PolicyLoader.fromDirectory(repository).gitCommit()).isEmpty();
    }
}
