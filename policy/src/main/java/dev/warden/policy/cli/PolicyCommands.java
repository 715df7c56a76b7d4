package dev.warden.policy.cli;

import dev.warden.policy.BundleDiff;
import dev.warden.policy.Decision;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicySource;
import dev.warden.policy.PolicyTests;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * {@code warden policy validate|test|explain|diff}: the policy checks people run before a change
 * lands, in CI or by hand. Exit codes: 0 good, 1 invalid bundle or failing test, 2 bad usage.
 */
public final class PolicyCommands {

    private final PrintStream out;
    private final PrintStream err;

    public PolicyCommands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * @param args     the words after {@code policy}, for example {@code test DIR}
     * @param options  {@code --name value} options
     */
    public int run(List<String> args, Map<String, String> options) {
        if (args.isEmpty()) {
            return usage();
        }
        var zone = options.containsKey("zone") ? ZoneId.of(options.get("zone")) : ZoneOffset.UTC;
        try {
            return switch (args.getFirst()) {
                case "validate" -> args.size() == 2 ? validate(Path.of(args.get(1))) : usage();
                case "test" -> args.size() == 2 ? test(Path.of(args.get(1)), zone, options) : usage();
                case "explain" -> args.size() == 2 && options.containsKey("input")
                        ? explain(Path.of(args.get(1)), Path.of(options.get("input")), zone) : usage();
                case "diff" -> args.size() == 3 ? diff(Path.of(args.get(1)), Path.of(args.get(2))) : usage();
                default -> usage();
            };
        } catch (PolicyException e) {
            e.problems().forEach(problem -> err.println(problem));
            err.println(e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + " found");
            return 1;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private int validate(Path directory) {
        var bundle = load(directory);
        out.printf("%s: valid, revision %s: %d providers, %d routes, %d rules, %d limits, %d prices, %d test cases%n",
                directory, bundle.describe(), bundle.providers().size(), bundle.routes().size(), bundle.rules().size(),
                bundle.limits().size(), bundle.prices().size(), bundle.tests().stream().mapToInt(t -> t.cases().size()).sum());
        return 0;
    }

    private int test(Path directory, ZoneId zone, Map<String, String> options) {
        var results = PolicyTests.run(load(directory), zone);
        for (var result : results) {
            out.println((result.passed() ? "PASS " : "FAIL ") + result.test() + " / " + result.caseName());
            result.failures().forEach(failure -> out.println("     " + failure));
        }
        long failed = results.stream().filter(result -> !result.passed()).count();
        if ("junit".equals(options.get("format"))) {
            var output = Path.of(options.getOrDefault("output", "policy-tests.xml"));
            write(output, JUnitReport.of(directory.toString(), results));
            out.println("JUnit report written to " + output);
        }
        out.println((results.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 && !results.isEmpty() ? 0 : 1;
    }

    private int explain(Path directory, Path inputFile, ZoneId zone) {
        var input = PolicyLoader.inputFrom(new PolicySource(inputFile.toString(), read(inputFile)));
        var decision = PolicyEngine.compile(load(directory), zone).evaluate(input);
        out.println(decision.explanation());
        if (decision instanceof Decision.Allow allow) {
            var plan = allow.plan();
            out.println("targets: " + plan.targets().stream().map(t -> t.provider() + "/" + t.model()).toList());
            out.println("labels: " + plan.labels());
            plan.instructions().forEach(instruction -> out.println("coach: " + instruction));
            if (!plan.redactor().isEmpty()) {
                out.println("redact: " + plan.redactor());
            }
            if (!plan.auditFlags().isEmpty()) {
                out.println("audit flags: " + plan.auditFlags());
            }
            out.println("limits: " + plan.limits().stream().map(limit -> limit.name()).toList());
        }
        return 0;
    }

    private int diff(Path before, Path after) {
        var diff = BundleDiff.between(load(before), load(after));
        diff.changes().forEach(out::println);
        out.println(diff.summary());
        return 0;
    }

    private static PolicyBundle load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new UncheckedIOException(new IOException("not a directory: " + directory));
        }
        return PolicyLoader.fromDirectory(directory);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private int usage() {
        err.println("""
                Usage:
                  warden policy validate DIR
                  warden policy test DIR [--format junit] [--output FILE] [--zone ZONE]
                  warden policy explain DIR --input REQUEST.json [--zone ZONE]
                  warden policy diff DIR_BEFORE DIR_AFTER""");
        return 2;
    }
}
