package dev.warden.gateway.policy;

import dev.warden.policy.PolicyBundle;
import dev.warden.policy.PolicyLoader;
import dev.warden.policy.PolicySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The policy bundle in force. Requests read it without locking; a new bundle replaces it whole,
 * so a request never sees half of one and half of another.
 */
@Component
public class ActivePolicy {

    private static final Logger log = LoggerFactory.getLogger(ActivePolicy.class);
    private static final String BUNDLED = "policies/default/";

    private final AtomicReference<PolicyBundle> current = new AtomicReference<>();

    ActivePolicy(PolicyProperties properties) {
        var directory = properties.dir();
        if (Files.isDirectory(directory)) {
            current.set(PolicyLoader.fromDirectory(directory));
            log.info("Policies loaded from {} (revision {})", directory.toAbsolutePath(), current.get().revision());
        } else {
            current.set(PolicyLoader.fromSources(bundledSources()));
            log.info("No policy directory at {}: using the bundled example policies (revision {})",
                    directory.toAbsolutePath(), current.get().revision());
        }
    }

    public PolicyBundle current() {
        return current.get();
    }

    private static List<PolicySource> bundledSources() {
        try {
            var sources = new ArrayList<PolicySource>();
            for (var resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + BUNDLED + "**/*.yaml")) {
                var url = resource.getURL().toString();
                var name = url.substring(url.indexOf(BUNDLED) + BUNDLED.length());
                sources.add(new PolicySource(name, resource.getContentAsString(StandardCharsets.UTF_8)));
            }
            return sources;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled policies", e);
        }
    }
}
