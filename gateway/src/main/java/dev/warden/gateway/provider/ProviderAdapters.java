package dev.warden.gateway.provider;

import dev.warden.policy.ProviderType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The adapter for each provider type that this gateway can call. */
@Component
public class ProviderAdapters {

    private final Map<ProviderType, ProviderAdapter> byType = new EnumMap<>(ProviderType.class);

    ProviderAdapters(List<ProviderAdapter> adapters) {
        adapters.forEach(adapter -> adapter.types().forEach(type -> byType.put(type, adapter)));
    }

    public Optional<ProviderAdapter> of(ProviderType type) {
        return Optional.ofNullable(byType.get(type));
    }
}
