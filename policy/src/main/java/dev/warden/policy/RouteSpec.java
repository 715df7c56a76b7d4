package dev.warden.policy;

import java.util.List;

/**
 * A {@code kind: Route} document: the model name clients ask for, and the targets that serve it,
 * tried in order.
 */
public record RouteSpec(String name, List<Target> targets) {

    public RouteSpec {
        targets = List.copyOf(targets);
    }
}
