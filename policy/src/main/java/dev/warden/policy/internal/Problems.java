package dev.warden.policy.internal;

import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem in a bundle, so that one run reports them all rather than the first. */
public final class Problems {

    private final List<PolicyProblem> found = new ArrayList<>();

    /** A problem at a path of a document ({@code spec.targets[0].provider}). */
    public void add(Document document, String path, String message) {
        var position = document.positionOf(path);
        found.add(new PolicyProblem(document.source(), position.line(), position.column(), message));
    }

    public void add(Document document, Position position, String message) {
        found.add(new PolicyProblem(document.source(), position.line(), position.column(), message));
    }

    public void add(String source, int line, int column, String message) {
        found.add(new PolicyProblem(source, line, column, message));
    }

    public int count() {
        return found.size();
    }

    public List<PolicyProblem> all() {
        return List.copyOf(found);
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new PolicyException(found);
        }
    }
}
