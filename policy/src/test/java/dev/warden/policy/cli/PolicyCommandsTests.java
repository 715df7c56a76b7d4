package dev.warden.policy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandsTests {

    private static final Path ENTERPRISE = Path.of("../src/policies/enterprise");
    private static final Path DEFAULT = Path.of("../src/policies/default");

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PolicyCommands commands = new PolicyCommands(new PrintStream(out, true), new PrintStream(err, true));

    @Test
    void validatesABundleAndSummarisesIt() {
        int exit = commands.run(List.of("validate", ENTERPRISE.toString()), Map.of());

        assertThat(exit).isZero();
        assertThat(output()).contains("valid, revision", "2 providers", "4 routes", "10 rules", "3 limits", "3 prices");
    }

    @Test
    void listsEveryProblemOfAnInvalidBundleAndExits1() throws IOException {
        Files.writeString(temp.resolve("bad.yaml"), "apiVersion: warden/v1\nkind: Rule\nmetadata: {name: r}\nspec: {action: explode}\n");

        int exit = commands.run(List.of("validate", temp.toString()), Map.of());

        assertThat(exit).isEqualTo(1);
        assertThat(errors()).contains("bad.yaml:4:16: Rule 'r': unknown action 'explode'", "1 problem found");
    }

    @Test
    void runsTheBundlesTestsAndWritesJUnitXml() throws IOException {
        var report = temp.resolve("report.xml");

        int exit = commands.run(List.of("test", ENTERPRISE.toString()), Map.of("format", "junit", "output", report.toString()));

        assertThat(exit).isZero();
        assertThat(output()).contains("PASS enterprise-rules / interns may not use gpt-4o", "14 passed, 0 failed");
        assertThat(Files.readString(report)).contains("<testsuite name=\"enterprise-rules\" tests=\"14\" failures=\"0\">",
                "<testcase classname=\"tests.yaml\" name=\"legal is always served on premises\"/>");
    }

    @Test
    void exits1AndShowsExpectedAgainstActualWhenACaseFails() throws IOException {
        copy(DEFAULT, temp);
        Files.writeString(temp.resolve("tests.yaml"), Files.readString(temp.resolve("tests.yaml"))
                .replaceFirst("expect: \\{decision: allow, route: gpt-4o-mini, matched: \\[]}", "expect: {decision: deny}"));
        var report = temp.resolve("r.xml");

        int exit = commands.run(List.of("test", temp.toString()), Map.of("format", "junit", "output", report.toString()));

        assertThat(exit).isEqualTo(1);
        assertThat(output()).contains("FAIL default-bundle / an ordinary request uses its model's route",
                "expected decision deny, got allow", "3 passed, 1 failed");
        assertThat(Files.readString(report)).contains("<failure message=\"expected decision deny, got allow\">");
    }

    @Test
    void explainsTheDecisionForARequest() throws IOException {
        var input = temp.resolve("request.json");
        Files.writeString(input, """
                {"principal": {"team": "legal"}, "request": {"model": "gpt-4o", "labels": {"project": "nda"}}}""");

        int exit = commands.run(List.of("explain", ENTERPRISE.toString()), Map.of("input", input.toString()));

        assertThat(exit).isZero();
        assertThat(output()).contains("allow via route 'onprem-llama'", "matched rule 'legal-stays-onprem' (route, enforce)",
                "targets: [onprem/llama-3.3-70b-instruct]", "redact: Redactor[secret, card, email, employee-id]", "limits: [per-key-rate]");
    }

    @Test
    void diffsTwoBundles() {
        int exit = commands.run(List.of("diff", DEFAULT.toString(), ENTERPRISE.toString()), Map.of());

        assertThat(exit).isZero();
        assertThat(output()).contains("- Provider local", "+ Provider onprem", "~ Route gpt-4o-mini", "+ Rule interns-no-gpt-4o");
    }

    @Test
    void answersBadUsageWithExitCode2() {
        assertThat(commands.run(List.of("explain", ENTERPRISE.toString()), Map.of())).isEqualTo(2);
        assertThat(commands.run(List.of("validate", temp.resolve("missing").toString()), Map.of())).isEqualTo(2);
        assertThat(errors()).contains("Usage:", "not a directory");
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.list(from)) {
            for (var file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
