package dev.warden.gateway.cli;

import java.io.PrintStream;
import dev.warden.policy.cli.PolicyCommands;
import java.util.Set;

/**
 * The command line inside the gateway jar: {@code java -jar warden.jar keys create --team T --name N}.
 * Commands print results on standard output and everything else on standard error, so that
 * {@code KEY=$(java -jar warden.jar keys create ...)} captures just the key.
 */
public final class WardenCli {

    private static final Set<String> COMMANDS = Set.of("keys", "policy", "help", "--help");

    private WardenCli() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            var arguments = CliArguments.parse(args);
            if (arguments.words().getFirst().equals("policy")) {
                var words = arguments.words();
                return new PolicyCommands(out, err).run(words.subList(1, words.size()), arguments.options());
            }
            return switch (arguments.command()) {
                case "keys create" -> new KeysCommand(out, err).create(arguments);
                case "help", "--help" -> usage(out);
                default -> {
                    err.println("Unknown command: " + arguments.command());
                    usage(err);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream stream) {
        stream.println("""
                Usage: java -jar warden.jar [command]

                With no command, Warden serves the gateway.

                Commands:
                  keys create --team TEAM --name NAME [--user USER] [--data-dir DIR]
                      Issues an API key and prints it once. Talks to the gateway running on the same
                      data directory (WARDEN_DATA_DIR, default ./data) if there is one; otherwise
                      opens the database itself (SPRING_DATASOURCE_URL, or the embedded one).
                  policy validate DIR
                  policy test DIR [--format junit] [--output FILE] [--zone ZONE]
                  policy explain DIR --input REQUEST.json [--zone ZONE]
                  policy diff DIR_BEFORE DIR_AFTER
                      Checks a policy directory, runs its PolicyTest cases, explains the decision
                      for a request, or lists what changed between two directories.
                  help
                      Shows this text.""");
        return 0;
    }
}
