package org.georegistry.core.internal.model;

import java.time.Instant;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;

/**
 * A registered external system (a DHIS2 instance, a FHIR server, ...).
 *
 * @param settings the provider settings that are not secret, as JSON values
 * @param secrets the secret settings, decrypted; never serialized to clients or logs
 */
public record ExternalSystem(
        String id,
        String type,
        String organization,
        LocalizedText label,
        String description,
        Map<String, Object> settings,
        Map<String, String> secrets,
        Instant created,
        Instant updated) {

    public ExternalSystem {
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** The settings a provider is given: stored settings and decrypted secrets together. */
    public org.georegistry.api.sync.Settings providerSettings() {
        Map<String, Object> all = new java.util.LinkedHashMap<>(settings);
        all.putAll(secrets);
        return org.georegistry.api.sync.Settings.of(all);
    }

    @Override
    public String toString() {
        return "ExternalSystem[" + id + ", " + type + "]";
    }
}
