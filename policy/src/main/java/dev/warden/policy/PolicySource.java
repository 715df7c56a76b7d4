package dev.warden.policy;

import java.util.Objects;

/**
 * One policy file: its name (a path relative to the bundle root, used in error messages and
 * in the revision) and its text.
 */
public record PolicySource(String name, String content) {

    public PolicySource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
