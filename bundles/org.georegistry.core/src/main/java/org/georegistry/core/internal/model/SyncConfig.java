package org.georegistry.core.internal.model;

import java.time.Instant;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;

/**
 * A synchronization configuration: what to push to, or pull from, one external system.
 *
 * @param hierarchy the hierarchy exported, null for imports that do not need one
 * @param settings provider-specific settings, validated by the provider
 * @param cron a cron expression (Unix 5-field) to run it automatically, or null
 * @param lastSuccess the start of its last successful, non-dry run, or null
 */
public record SyncConfig(
        long id,
        LocalizedText label,
        String organization,
        String externalSystem,
        Direction direction,
        String hierarchy,
        Map<String, Object> settings,
        String cron,
        Instant lastSuccess,
        Instant created,
        Instant updated) {

    public SyncConfig {
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }
}
