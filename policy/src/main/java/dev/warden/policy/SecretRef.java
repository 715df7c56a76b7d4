package dev.warden.policy;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A reference to a secret held outside the policy files, written {@code ${env:NAME}}. Policies
 * never hold a secret's value, so a bundle can be stored, diffed and logged safely.
 */
public record SecretRef(String envName) {

    private static final Pattern FORM = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /** Parses {@code ${env:NAME}}; anything else is not a reference. */
    public static Optional<SecretRef> parse(String text) {
        var matcher = FORM.matcher(text.strip());
        return matcher.matches() ? Optional.of(new SecretRef(matcher.group(1))) : Optional.empty();
    }

    /** The secret's value from the given environment, if it is set and not blank. */
    public Optional<String> resolve(Function<String, String> environment) {
        return Optional.ofNullable(environment.apply(envName)).filter(value -> !value.isBlank());
    }

    @Override
    public String toString() {
        return "${env:" + envName + "}";
    }
}
