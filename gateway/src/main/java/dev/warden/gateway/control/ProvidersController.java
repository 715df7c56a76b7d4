package dev.warden.gateway.control;

import dev.warden.gateway.health.ProviderHealth;
import dev.warden.gateway.policy.ActivePolicy;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/api/providers}: every provider and model the active routes name, with its recent
 * health: circuit state, error rate and latency percentiles over the last calls.
 */
@RestController
class ProvidersController {

    private final ActivePolicy policy;
    private final ProviderHealth health;

    ProvidersController(ActivePolicy policy, ProviderHealth health) {
        this.policy = policy;
        this.health = health;
    }

    record ProviderView(String name, String type, String locality, String baseUrl, List<ProviderHealth.Stats> models) {
    }

    @GetMapping("/admin/api/providers")
    List<ProviderView> providers() {
        var bundle = policy.current();
        return bundle.providers().values().stream().map(provider -> new ProviderView(provider.name(), provider.type().wireName(),
                provider.locality().name().toLowerCase(Locale.ROOT), provider.baseUrl().toString(),
                bundle.routes().values().stream().flatMap(route -> route.targets().stream())
                        .filter(target -> target.provider().equals(provider.name()))
                        .map(target -> target.model()).distinct()
                        .map(model -> health.stats(provider.name(), model)).toList())).toList();
    }
}
