package dev.warden.policy.internal;

import org.yaml.snakeyaml.error.Mark;

/** A 1-based line and column in a policy file. */
public record Position(int line, int column) {

    static Position of(Mark mark) {
        return mark == null ? new Position(0, 0) : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
