package dev.warden.policy;

import dev.warden.policy.internal.BundleAssembler;
import dev.warden.policy.internal.GitCommits;
import dev.warden.policy.internal.InputDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Loads policy bundles from a directory tree of YAML files, or from sources already read. */
public final class PolicyLoader {

    private PolicyLoader() {
    }

    /**
     * Reads every {@code .yaml} and {@code .yml} file below {@code directory} (hidden files and
     * directories aside), and records the git commit when the directory is a checkout.
     *
     * @throws PolicyException listing every problem, if the bundle is not valid
     */
    public static PolicyBundle fromDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            var sources = files.filter(Files::isRegularFile)
                    .filter(file -> !isHidden(directory.relativize(file)))
                    .filter(PolicyLoader::isPolicyFile)
                    .sorted()
                    .map(file -> new PolicySource(directory.relativize(file).toString().replace('\\', '/'), read(file)))
                    .toList();
            var bundle = fromSources(sources);
            return GitCommits.of(directory).map(bundle::withGitCommit).orElse(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy directory " + directory, e);
        }
    }

    /**
     * Assembles a bundle from sources.
     *
     * @throws PolicyException listing every problem, if the bundle is not valid
     */
    public static PolicyBundle fromSources(List<PolicySource> sources) {
        return BundleAssembler.assemble(sources);
    }

    /**
     * Reads a request description for explaining a decision: an object shaped like a policy test
     * case's {@code input} (principal, request, headers, time), in JSON or YAML.
     *
     * @throws PolicyException naming every problem in it
     */
    public static PolicyInput inputFrom(PolicySource source) {
        return InputDocuments.read(source);
    }

    private static boolean isHidden(Path relative) {
        for (var part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPolicyFile(Path file) {
        var name = file.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy file " + file, e);
        }
    }
}
