package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example bundle under src/policies validates and passes its own policy tests. */
class ExampleBundlesTests {

    static Stream<Path> bundles() throws IOException {
        return Files.list(Path.of("../src/policies")).filter(Files::isDirectory).sorted();
    }

    @ParameterizedTest
    @MethodSource("bundles")
    void validatesAndPassesItsOwnTests(Path directory) {
        var bundle = PolicyLoader.fromDirectory(directory);

        var results = PolicyTests.run(bundle, ZoneOffset.UTC);

        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(result -> assertThat(result.failures()).as(result.caseName()).isEmpty());
    }
}
