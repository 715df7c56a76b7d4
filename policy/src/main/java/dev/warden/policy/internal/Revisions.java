package dev.warden.policy.internal;

import dev.warden.policy.PolicySource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A bundle's revision: a hash of its files, normalised (sorted by name, line endings unified) so
 * that the same policies give the same revision on every machine.
 */
final class Revisions {

    private static final int LENGTH = 16;

    private Revisions() {
    }

    static String of(List<PolicySource> sources) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            sources.stream().sorted(Comparator.comparing(PolicySource::name)).forEach(source -> {
                digest.update(source.name().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(source.content().replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
