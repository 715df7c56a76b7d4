package dev.warden.policy;

import java.util.List;

/**
 * A {@code kind: Route} document: the model name clients ask for, and the targets that serve it,
 * tried in order.
 */
public record RouteSpec(String name, List<Target> targets, RetrySpec retry) {

    public RouteSpec {
        targets = List.copyOf(targets);
        retry = retry == null ? RetrySpec.DEFAULT : retry;
    }

    public RouteSpec(String name, List<Target> targets) {
        this(name, targets, RetrySpec.DEFAULT);
    }
}
