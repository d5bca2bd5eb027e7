package org.georegistry.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a provider may see of the registry during a job. Implemented by the core; providers never touch storage.
 */
@ProviderType
public interface RegistryView {

    /**
     * The latest version of every Geo-Object of a type, in code order, optionally only those changed since an
     * instant. The stream holds database resources: close it (try-with-resources).
     */
    Stream<GeoObject> objects(String typeCode, Optional<Instant> changedSince);

    /**
     * The latest version of every Geo-Object of the types in a hierarchy, parents before children: level by level
     * from the root types, each level in (type, code) order. Close the stream.
     *
     * @since 1.1
     */
    Stream<GeoObject> objectsParentFirst(String hierarchyCode, Optional<Instant> changedSince);

    /**
     * The Geo-Object Type codes of a hierarchy, root types first; empty when there is no such hierarchy.
     *
     * @since 1.1
     */
    List<String> typesParentFirst(String hierarchyCode);

    /** One Geo-Object by type and code. */
    Optional<GeoObject> find(String typeCode, String code);

    /** Records the external id the job's external system gave an object; replaces an earlier one. */
    void saveExternalId(String typeCode, String code, String externalId);
}
