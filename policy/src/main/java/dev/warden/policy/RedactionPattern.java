package dev.warden.policy;

/**
 * A named custom pattern to mask, as written in a policy's {@code redact.patterns}.
 *
 * <p>The regex is evaluated with {@link java.util.regex.Pattern java.util.regex}, compiled with
 * no flags: write {@code (?i)} in the regex itself for case-insensitive matching. Matches are
 * found with {@code find}, so the regex need not match a whole text; {@code ^} and {@code $} mean
 * the start and end of the text. The engine backtracks, so a regex such as {@code (a+)+b} can take
 * exponential time on unlucky input: prefer plain character classes and bounded repetition.
 *
 * @param name  what a match is, shown in its place as {@code [REDACTED:<name>]}; not blank
 * @param regex what to mask
 */
public record RedactionPattern(String name, String regex) {
}
