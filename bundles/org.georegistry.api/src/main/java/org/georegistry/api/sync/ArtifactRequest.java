package org.georegistry.api.sync;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.model.RegistryView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the core gives {@link SyncProvider#artifact} to produce a file: the external system, the synchronization
 * configuration when the file is asked for one, read access to the registry and the request's query parameters.
 *
 * @since 1.2
 */
@ProviderType
public interface ArtifactRequest {

    /** The external system's identifier. */
    String externalSystemId();

    /** Settings of the external system, secrets decrypted. */
    Settings systemSettings();

    /** Settings of the synchronization configuration, empty when the file is asked for the system itself. */
    Optional<Settings> configSettings();

    /** Read access to the registry (its {@code save} is refused). */
    RegistryView registry();

    /** The query parameters of the request, e.g. {@code page}, {@code pageSize}, {@code updatedSince}. */
    Map<String, List<String>> parameters();

    /** The registry's base URL as the client reached it, e.g. {@code https://registry.example.org}. */
    String publicUrl();
}
