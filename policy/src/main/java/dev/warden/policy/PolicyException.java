package dev.warden.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy bundle that cannot be activated, with every problem found in it. */
public class PolicyException extends RuntimeException {

    private final List<PolicyProblem> problems;

    public PolicyException(List<PolicyProblem> problems) {
        super(problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
