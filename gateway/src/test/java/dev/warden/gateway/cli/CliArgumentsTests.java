package dev.warden.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliArgumentsTests {

    @Test
    void splitsTheCommandFromItsOptions() {
        var arguments = CliArguments.parse(new String[] {"keys", "create", "--team", "a", "--name", "b c"});

        assertThat(arguments.command()).isEqualTo("keys create");
        assertThat(arguments.required("team")).isEqualTo("a");
        assertThat(arguments.required("name")).isEqualTo("b c");
        assertThat(arguments.option("user")).isEmpty();
    }

    @Test
    void refusesAnOptionWithoutAValueAndAMissingRequiredOption() {
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"keys", "create", "--team"}))
                .hasMessageContaining("--team");
        assertThatThrownBy(() -> CliArguments.parse(new String[] {"keys", "create"}).required("team"))
                .hasMessage("--team is required");
    }

    @Test
    void answersAnUnknownCommandWithUsageAndExitCode2() {
        var err = new ByteArrayOutputStream();

        int exit = WardenCli.run(new String[] {"keys", "destroy"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown command: keys destroy", "keys create");
    }

    @Test
    void recognisesItsCommandsAndLeavesEverythingElseToTheServer() {
        assertThat(WardenCli.isCommand(new String[] {"keys", "create"})).isTrue();
        assertThat(WardenCli.isCommand(new String[] {"--server.port=9000"})).isFalse();
        assertThat(WardenCli.isCommand(new String[0])).isFalse();
    }
}
