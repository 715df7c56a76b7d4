package dev.warden.gateway.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A policy bundle with one OpenAI-compatible provider and one route to it, for tests that start gateways of their own. */
public final class OneRouteBundle {

    private OneRouteBundle() {
    }

    /** Writes the bundle, plus any further documents, into {@code directory}. */
    public static Path write(Path directory, String baseUrl, String model, String extraDocuments) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("bundle.yaml"), """
                    apiVersion: warden/v1
                    kind: Provider
                    metadata: {name: fake}
                    spec: {type: openai-compatible, baseUrl: "%s"}
                    ---
                    apiVersion: warden/v1
                    kind: Route
                    metadata: {name: %s}
                    spec: {targets: [{provider: fake, model: %s}]}
                    """.formatted(baseUrl, model, model) + extraDocuments);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
