package dev.warden.policy.internal;

import java.util.List;

/** One kind of content to mask, such as e-mail addresses or a policy's custom pattern. */
public abstract sealed class Detector permits PatternDetector, CardDetector {

    private final String name;
    private final String mask;

    Detector(String name) {
        this.name = name;
        this.mask = "[REDACTED:" + name + "]";
    }

    /** The name a match is counted under and shown as. */
    public final String name() {
        return name;
    }

    final String mask() {
        return mask;
    }

    /**
     * Adds to {@code found}, in order, the spans of {@code text} between {@code from} and
     * {@code to} that this detector masks. The bounds are opaque: lookarounds see them as the ends
     * of the text, as they would see the mask of an earlier detector next to them.
     */
    abstract void find(String text, int from, int to, List<Span> found);

    @Override
    public String toString() {
        return name;
    }
}
