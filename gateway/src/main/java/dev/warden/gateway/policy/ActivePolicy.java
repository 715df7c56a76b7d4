package dev.warden.gateway.policy;

import dev.warden.policy.BundleDiff;
import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyEngine;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicyProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The policy in force: a compiled engine that requests read without locking. A new bundle is
 * validated and compiled first and then swapped in whole, so a request never sees half of one
 * bundle; an invalid bundle is never activated, and the last good one stays in force with the
 * failure reported (log, health, control API).
 */
@Component
public class ActivePolicy {

    private static final Logger log = LoggerFactory.getLogger(ActivePolicy.class);

    private final PolicyProperties properties;
    private final PolicyHistory history;
    private final Clock clock;
    private final AtomicReference<PolicyEngine> current = new AtomicReference<>();
    private volatile Failure lastFailure;
    private final ApplicationEventPublisher events;

    /** A bundle that was refused, and why. */
    public record Failure(Instant at, String origin, List<PolicyProblem> problems) {
        public String message() {
            return problems.size() + " problem(s): " + String.join("; ", problems.stream().map(PolicyProblem::toString).toList());
        }
    }

    ActivePolicy(PolicyProperties properties, PolicyHistory history, PolicySources sources, Clock clock,
                 ApplicationEventPublisher events) {
        this.properties = properties;
        this.events = events;
        this.history = history;
        this.clock = clock;
        activate(initialBundle(sources), "startup", "startup");
    }

    public PolicyEngine engine() {
        return current.get();
    }

    public PolicyBundle current() {
        return current.get().bundle();
    }

    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Compiles and activates a validated bundle, recording it in the history; returns what changed. */
    public synchronized BundleDiff activate(PolicyBundle bundle, String actor, String origin) {
        var engine = PolicyEngine.compile(bundle, properties.timeZone());
        var previous = current.getAndSet(engine);
        var diff = previous == null ? BundleDiff.between(bundle, bundle) : BundleDiff.between(previous.bundle(), bundle);
        lastFailure = null;
        boolean changed = previous == null || !previous.bundle().revision().equals(bundle.revision());
        if (changed && !history.newest(1).stream().anyMatch(entry -> entry.revision().equals(bundle.revision()))) {
            history.record(bundle, actor, origin, previous == null ? "initial" : diff.summary());
        }
        if (changed && previous != null) {
            events.publishEvent(new PolicyActivated(bundle.revision()));
        }
        if (changed) {
            log.info("Policy revision {} active ({}, by {}): {}", bundle.describe(), origin, actor,
                    previous == null ? "initial" : diff.summary());
        }
        return diff;
    }

    /** Records a bundle that failed validation; the active one stays. */
    public void refused(PolicyException error, String origin) {
        lastFailure = new Failure(clock.instant(), origin, error.problems());
        log.error("Policy change from {} refused; revision {} stays in force:\n{}", origin, current().describe(), error.getMessage());
    }

    private PolicyBundle initialBundle(PolicySources sources) {
        try {
            return sources.load();
        } catch (PolicyException e) {
            var fallback = history.newest(1).stream().findFirst()
                    .flatMap(entry -> history.files(entry.revision()))
                    .map(PolicyLoader::fromSources);
            if (fallback.isEmpty()) {
                throw e;
            }
            lastFailure = new Failure(clock.instant(), "startup", e.problems());
            log.error("Policies in {} are invalid; starting with the last good revision {} from the history:\n{}",
                    properties.dir(), fallback.get().revision(), e.getMessage());
            return fallback.get();
        }
    }
}
