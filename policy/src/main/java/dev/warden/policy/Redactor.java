package dev.warden.policy;

import dev.warden.policy.internal.Detector;
import dev.warden.policy.internal.Detectors;
import dev.warden.policy.internal.Masking;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Masks content before it leaves the organisation, for the {@code redact} policy action: every
 * match is replaced by {@code [REDACTED:<name>]}.
 *
 * <p>Detectors run in order: the built-ins {@code secret}, {@code card}, {@code email} (in that
 * order, whatever order they were asked for in, so that a secret containing digits or an
 * {@code @} is masked whole), then the custom patterns in list order. A later detector never sees
 * what an earlier one masked, so a custom regex cannot match inside an earlier mask.
 *
 * <p>Everything is compiled when the redactor is built; a redactor is immutable and may be shared
 * between threads. The built-in detectors take time linear in the length of the text. Custom
 * patterns are evaluated with {@link java.util.regex.Pattern java.util.regex}: see
 * {@link RedactionPattern}.
 */
public final class Redactor {

    /** Built-in detector names. */
    public static final Set<String> BUILTINS = Set.of("email", "secret", "card");

    private final List<Detector> detectors;

    private Redactor(List<Detector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /**
     * A redactor for the given built-in detectors and custom patterns.
     *
     * @throws IllegalArgumentException naming every problem: an unknown builtin, a pattern with a
     *                                  blank name or regex, or a regex that does not compile (with
     *                                  the compiler's message)
     */
    public static Redactor of(Collection<String> builtins, List<RedactionPattern> patterns) {
        return new Redactor(Detectors.assemble(Objects.requireNonNull(builtins, "builtins"),
                Objects.requireNonNull(patterns, "patterns")));
    }

    /** A redactor that applies this one's detectors and then other's. */
    public Redactor and(Redactor other) {
        return new Redactor(Stream.concat(detectors.stream(), other.detectors.stream()).toList());
    }

    /** Masks every match of this redactor's detectors in text. */
    public Redaction redact(String text) {
        return Masking.mask(Objects.requireNonNull(text, "text"), detectors);
    }

    /** Whether this redactor has no detectors, so that it never changes a text. */
    public boolean isEmpty() {
        return detectors.isEmpty();
    }

    @Override
    public String toString() {
        return detectors.stream().map(Detector::name).collect(Collectors.joining(", ", "Redactor[", "]"));
    }
}
