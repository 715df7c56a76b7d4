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
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/** Reads the configured policy directory, or the example bundle inside the jar when there is none. */
@Component
public class PolicySources {

    private static final String BUNDLED = "policies/default/";

    private final PolicyProperties properties;

    PolicySources(PolicyProperties properties) {
        this.properties = properties;
    }

    /** Whether policies come from a directory (and can be watched) rather than from the jar. */
    public boolean fromDirectory() {
        return Files.isDirectory(properties.dir());
    }

    /**
     * @throws dev.warden.policy.PolicyException when the bundle is invalid
     */
    public PolicyBundle load() {
        return fromDirectory() ? PolicyLoader.fromDirectory(properties.dir()) : PolicyLoader.fromSources(bundled());
    }

    private static List<PolicySource> bundled() {
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
