package dev.warden.policy.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The built-in detectors, in the order they run: secrets first, so that a key containing digits
 * or an {@code @} is masked whole rather than in pieces by the card or e-mail detector.
 *
 * <p>Every expression is written to take time linear in the text: repetitions are possessive or
 * bounded, and a token may only start where a run of token characters starts, so that no long run
 * is rescanned from each of its positions.
 */
final class BuiltinDetectors {

    /** Random keys and tokens contain a digit; hyphenated words such as {@code sk-learn-...} do not. */
    private static final String HAS_DIGIT = "(?=[A-Za-z_-]*+[0-9])";

    /** Keys recognised by their prefix; each is one run of token characters. */
    private static final List<String> KEYS = List.of(
            "sk-" + HAS_DIGIT + "[A-Za-z0-9_-]{20,}+",          // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-)
            "AKIA[0-9A-Z]{16}(?![A-Za-z0-9_-])",               // AWS access key ids
            "gh[pousr]_[A-Za-z0-9]{36,}+",                     // GitHub tokens
            "github_pat_[A-Za-z0-9_]{22,}+",
            "xox[abprs]-[A-Za-z0-9-]{10,}+",                   // Slack
            "AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])",          // Google API keys
            "wk-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",           // Warden: 32 random bytes, base64url
            "eyJ[A-Za-z0-9_-]{5,}+\\.[A-Za-z0-9_-]{2,}+\\.[A-Za-z0-9_-]*+"); // JWTs: the header is JSON

    private static final String SECRET = String.join("|",
            // A key is never cut out of a longer run of token characters. The lookbehind is shared
            // rather than repeated per key because it runs at every position of the text.
            "(?<![A-Za-z0-9_-])(?:" + String.join("|", KEYS) + ")",
            // PEM private keys, whole. The body stops at the first "-----", so an unterminated
            // block is scanned once rather than once for every BEGIN line before it.
            "-----BEGIN [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----[^-]*+(?:-(?!----)[^-]*+)*+"
                    + "-----END [A-Z0-9 ]{0,40}?PRIVATE KEY(?: BLOCK)?-----",
            // Bearer tokens: only the token is masked, so the text still reads "Bearer [REDACTED:secret]".
            // The one-character lookbehind first spares most positions the longer one.
            "(?<=[ \\t])(?<=\\b(?i:bearer)[ \\t]{1,8})(?=[A-Za-z._~+/-]*+[0-9])[A-Za-z0-9._~+/-]{16,}+=*+");

    private static final String EMAIL = "(?<![A-Za-z0-9_.%+-])[A-Za-z0-9_.%+-]{1,64}+"
            + "@(?:[A-Za-z0-9-]{1,63}+\\.){1,16}[A-Za-z]{2,63}+(?![A-Za-z0-9-])";

    /**
     * Text every secret match contains: each key's fixed prefix, the PEM header, and "bearer" in
     * any case (checked apart). Most text holds none of them, and searching for a few literals
     * is far cheaper than running the expression, with its lookbehinds, at every position.
     */
    private static final List<String> SECRET_LITERALS = List.of("sk-", "AKIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
            "github_pat_", "xox", "AIza", "wk-", "eyJ", "-----BEGIN ");

    /** The detectors by name, in the order they run. */
    static final Map<String, Detector> IN_ORDER = inOrder();

    private BuiltinDetectors() {
    }

    static boolean mayHoldSecret(String text, int from, int to) {
        for (var literal : SECRET_LITERALS) {
            if (text.indexOf(literal, from, to) >= 0) {
                return true;
            }
        }
        return containsBearer(text, from, to);
    }

    private static boolean containsBearer(String text, int from, int to) {
        for (int i = from; i + 6 <= to; i++) {
            char c = text.charAt(i);
            if ((c == 'b' || c == 'B') && text.regionMatches(true, i, "bearer", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Detector> inOrder() {
        var detectors = new LinkedHashMap<String, Detector>();
        detectors.put("secret", new PatternDetector("secret", Pattern.compile(SECRET), BuiltinDetectors::mayHoldSecret));
        detectors.put("card", new CardDetector());
        detectors.put("email", new PatternDetector("email", Pattern.compile(EMAIL),
                (text, from, to) -> text.indexOf('@', from, to) >= 0));
        return Collections.unmodifiableMap(detectors);
    }
}
