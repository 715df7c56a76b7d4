package dev.warden.gateway.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A command (its leading words) and its {@code --name value} options. */
record CliArguments(String command, Map<String, String> options) {

    static CliArguments parse(String[] args) {
        var command = new StringBuilder();
        var options = new HashMap<String, String>();
        int i = 0;
        while (i < args.length && !args[i].startsWith("--")) {
            command.append(command.isEmpty() ? "" : " ").append(args[i++]);
        }
        if (command.isEmpty() && i < args.length) {
            return new CliArguments(args[0], Map.of());
        }
        while (i < args.length) {
            var name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("expected '--option value', got '" + name + "'");
            }
            options.put(name.substring(2), args[i + 1]);
            i += 2;
        }
        return new CliArguments(command.toString(), Map.copyOf(options));
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }
}
