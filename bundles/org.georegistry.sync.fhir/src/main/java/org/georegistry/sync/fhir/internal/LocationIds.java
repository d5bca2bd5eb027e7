package org.georegistry.sync.fhir.internal;

import java.util.HashMap;
import java.util.Map;
import org.georegistry.api.model.RegistryView;

/**
 * The Location ids the FHIR server gave objects, by type and code: read from the registry once per type (one
 * query), then kept up to date as the server confirms new ones.
 */
final class LocationIds {

    private final RegistryView registry;
    private final Map<String, Map<String, String>> byType = new HashMap<>();

    LocationIds(RegistryView registry) {
        this.registry = registry;
    }

    String get(String type, String code) {
        return byType.computeIfAbsent(type, t -> new HashMap<>(registry.externalIds(t))).get(code);
    }

    void put(String type, String code, String id) {
        byType.computeIfAbsent(type, t -> new HashMap<>(registry.externalIds(t))).put(code, id);
    }
}
