package org.georegistry.api.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Support for one type of external system (DHIS2, FHIR, Reveal, ...). Register an implementation as an OSGi
 * service with the property {@link #TYPE_PROPERTY} set to {@link #type()}; the core tracks providers as they come
 * and go, so a provider bundle can be deployed or removed while the server runs.
 *
 * <p>Implementations must be thread-safe: the core may test a connection while a job runs. Methods other than
 * {@link #type()}, {@link #label()} and {@link #capabilities()} have defaults so that this interface can grow
 * without breaking existing providers.
 */
@ConsumerType
public interface SyncProvider {

    /** Service property carrying the provider's type key; the core refuses a provider without it. */
    String TYPE_PROPERTY = "georegistry.sync.type";

    /** Stable key of the system type, e.g. {@code dhis2}: lower case letters, digits, '-' and '.'. */
    String type();

    /** Human readable name of the system type, e.g. "DHIS2". */
    String label();

    /** What this provider can do. */
    Set<Capability> capabilities();

    /** The settings an external system of this type needs (URL, credentials, ...). */
    default List<SettingDescriptor> systemSettings() {
        return List.of();
    }

    /** The settings a synchronization configuration for this type takes (levels, mappings, ...). */
    default List<SettingDescriptor> configSettings() {
        return List.of();
    }

    /**
     * Checks the settings of an external system beyond what the descriptors say (required fields and value types
     * are checked by the core before this is called). Return one problem per bad field; an empty list means valid.
     */
    default List<SettingProblem> validateSystemSettings(Settings settings) {
        return List.of();
    }

    /** Checks the settings of a synchronization configuration, as {@link #validateSystemSettings}. */
    default List<SettingProblem> validateConfigSettings(Settings systemSettings, Settings configSettings) {
        return List.of();
    }

    /**
     * What a client needs to build the editing form of a synchronization configuration without knowing this
     * provider: choices read from the live system (e.g. DHIS2 attributes, option sets, org unit groups) or from the
     * server (e.g. the installed FHIR transformations), keyed by the setting they are for. Values are JSON values
     * (strings, numbers, booleans, lists, maps). Called when a user opens the form, so it should answer within a
     * few seconds; throw with a message a user can act on when the system cannot be read.
     *
     * @param systemSettings the external system's settings, secrets decrypted
     * @param configSettings the configuration's current settings, possibly incomplete while it is being edited
     * @since 1.1
     */
    default Map<String, Object> options(Settings systemSettings, Settings configSettings) {
        return Map.of();
    }

    /**
     * Checks that the system can be reached with these settings: connectivity, credentials, version. Must not
     * throw for an unreachable or misbehaving peer; report it in the result instead.
     */
    default ConnectionTestResult testConnection(Settings systemSettings) {
        return ConnectionTestResult.failed("This provider cannot test connections.");
    }

    /**
     * Runs one synchronization job. Stream the objects from {@link SyncJob#registry()}, report progress and
     * per-object errors to the job, and stop early when {@link SyncJob#isCancelled()} turns true. Throwing
     * ends the job as failed with the exception's message.
     */
    default void run(SyncJob job) throws Exception {
        throw new UnsupportedOperationException("Provider " + type() + " cannot run jobs");
    }

    /**
     * Produces a named file for an external system or one of its synchronization configurations, e.g.
     * {@code bundle} (FHIR), {@code dhis2-plugin.zip} (DHIS2) or {@code export.geojson} (Reveal). The core serves it
     * at {@code GET /api/sync-configs/{id}/artifacts/{name}} and {@code GET /api/external-systems/{id}/artifacts/{name}}.
     *
     * @return empty when this provider has no file of that name for that scope (the client gets a 404)
     * @throws IllegalArgumentException for a bad request parameter or configuration; the client gets a 400 with the
     *     message, which should name the parameter
     * @since 1.2
     */
    default Optional<Artifact> artifact(String name, ArtifactRequest request) {
        return Optional.empty();
    }
}
