package dev.warden.gateway.server;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code warden.server.platform-threads} is 0. The property is read as
 * {@link ServerProperties} reads it (through Spring's binder), so that any way of writing 0 turns
 * the platform threads off, and a value that is no number at all leaves the beans in place for
 * {@link ServerProperties}' own binding to refuse with its message.
 */
class PlatformThreadsOn extends SpringBootCondition {

    static final String PROPERTY = "warden.server.platform-threads";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Integer threads;
        try {
            threads = Binder.get(context.getEnvironment()).bind(PROPERTY, Integer.class).orElse(null);
        } catch (BindException e) {
            return ConditionOutcome.match(PROPERTY + " is not a number; its binding will say so");
        }
        return threads != null && threads == 0
                ? ConditionOutcome.noMatch(PROPERTY + " is 0: every request runs on a virtual thread")
                : ConditionOutcome.match(PROPERTY + " is " + (threads == null ? "unset" : threads));
    }
}
