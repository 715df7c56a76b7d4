package dev.warden.gateway.server;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.Ssl;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the event-loop front takes the public port: {@code warden.server.front=netty}, or
 * the property unset (the front is the default) and {@code server.ssl} off. The front does not
 * terminate TLS, so a port configured for TLS stays Tomcat's unless the front is asked for by
 * name (and then refuses to start, saying so). Read through Spring's binder, as
 * {@link ServerProperties} reads it: a value that is no front leaves the decision to its binding,
 * which refuses it.
 */
public class FrontOn extends SpringBootCondition {

    static final String PROPERTY = "warden.server.front";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return outcome(context.getEnvironment());
    }

    static ConditionOutcome outcome(Environment environment) {
        var binder = Binder.get(environment);
        ServerProperties.Front front;
        try {
            front = binder.bind(PROPERTY, ServerProperties.Front.class).orElse(null);
        } catch (BindException e) {
            return ConditionOutcome.noMatch(PROPERTY + " is not a front; its binding will say so");
        }
        if (front != null) {
            return front == ServerProperties.Front.NETTY
                    ? ConditionOutcome.match(PROPERTY + " is netty")
                    : ConditionOutcome.noMatch(PROPERTY + " is tomcat");
        }
        boolean tls = binder.bind("server.ssl", Ssl.class).map(ssl -> ssl.isEnabled()).orElse(false);
        return tls
                ? ConditionOutcome.noMatch(PROPERTY + " is unset and server.ssl is on: Tomcat terminates TLS on the port")
                : ConditionOutcome.match(PROPERTY + " is unset: the event-loop front is the default");
    }
}
