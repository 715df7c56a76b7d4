package dev.warden.gateway.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A command's leading words (for example {@code keys create}) and its {@code --name value} options. */
record CliArguments(List<String> words, Map<String, String> options) {

    static CliArguments parse(String[] args) {
        var words = new ArrayList<String>();
        var options = new HashMap<String, String>();
        int i = 0;
        while (i < args.length && !args[i].startsWith("--")) {
            words.add(args[i++]);
        }
        if (words.isEmpty() && i < args.length) {
            return new CliArguments(List.of(args[0]), Map.of());
        }
        while (i < args.length) {
            var name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException("expected '--option value', got '" + name + "'");
            }
            options.put(name.substring(2), args[i + 1]);
            i += 2;
        }
        return new CliArguments(List.copyOf(words), Map.copyOf(options));
    }

    String command() {
        return String.join(" ", words);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).filter(value -> !value.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }
}
