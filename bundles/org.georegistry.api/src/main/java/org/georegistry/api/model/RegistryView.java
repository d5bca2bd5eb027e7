package org.georegistry.api.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a provider may see of the registry during a job. Implemented by the core; providers never touch storage.
 * A job may call it from several threads at once, e.g. record confirmed ids while it reads the next objects: each
 * call is a transaction of its own.
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

    /**
     * The parent type of a type in a hierarchy: empty for a root type and for a type the hierarchy lacks. The default
     * reads a hierarchy without branches from {@link #typesParentFirst}; the core answers from the hierarchy's tree.
     *
     * @since 1.3
     */
    default Optional<String> parentType(String hierarchyCode, String typeCode) {
        List<String> types = typesParentFirst(hierarchyCode);
        int at = types.indexOf(typeCode);
        return at > 0 ? Optional.of(types.get(at - 1)) : Optional.empty();
    }

    /** One Geo-Object by type and code. */
    Optional<GeoObject> find(String typeCode, String code);

    /** Records the external id the job's external system gave an object; replaces an earlier one. */
    void saveExternalId(String typeCode, String code, String externalId);

    /**
     * Records many external ids of one type at once, e.g. a batch the external system confirmed: one transaction
     * instead of one per object. Replaces earlier ones, as {@link #saveExternalId}.
     *
     * @param externalIdsByCode external id by object code
     * @since 1.3
     */
    default void saveExternalIds(String typeCode, Map<String, String> externalIdsByCode) {
        externalIdsByCode.forEach((code, externalId) -> saveExternalId(typeCode, code, externalId));
    }

    /**
     * The external ids the job's external system gave the objects of a type, by object code: one query instead of
     * one per object, e.g. to find every parent's id. Objects without one are absent.
     *
     * @since 1.2
     */
    Map<String, String> externalIds(String typeCode);

    /**
     * The object the job's external system knows by this id, if any.
     *
     * @since 1.2
     */
    Optional<GeoObject> findByExternalId(String externalId);

    /**
     * Creates or updates one Geo-Object from an import (see {@link GeoObjectChange} for how it is matched and
     * merged), checked as the REST API checks it, and stores its external id. In a dry run the change is checked and
     * nothing is stored. Only import jobs may call it.
     *
     * @return the object as stored (or as it would be stored, in a dry run)
     * @throws IllegalArgumentException when the change is invalid; the message names the field and nothing is
     *     stored
     * @throws IllegalStateException when the job is not an import
     * @since 1.2
     */
    GeoObject save(GeoObjectChange change);

    /**
     * A change {@link #saveAll} refused, with what {@link #save} would have thrown for it.
     *
     * @since 1.4
     */
    record Refused(GeoObjectChange change, String reason) {}

    /**
     * Saves changes as {@link #save} does one after the other, but in few database writes: an import saves a page
     * of a thousand units in about the time of one. Each change is checked on its own: a refused one is answered
     * with its reason and nothing of it is stored, the others are. A change may name a parent saved earlier in the
     * same list. Only import jobs may call it.
     *
     * @return the refused changes in list order; empty when every change was stored (or, in a dry run, passed)
     * @throws IllegalStateException when the job is not an import
     * @since 1.4
     */
    default List<Refused> saveAll(List<GeoObjectChange> changes) {
        List<Refused> refused = new ArrayList<>();
        for (GeoObjectChange change : changes) {
            try {
                save(change);
            } catch (IllegalArgumentException e) {
                refused.add(new Refused(change, e.getMessage()));
            }
        }
        return refused;
    }
}
