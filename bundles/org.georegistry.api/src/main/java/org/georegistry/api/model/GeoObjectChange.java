package org.georegistry.api.model;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an import wants one Geo-Object to become, as a provider or a FHIR transformation hands it to
 * {@link RegistryView#save}. The core checks it exactly as it checks a Geo-Object sent to the REST API; an invalid
 * change is refused as a whole.
 *
 * <p>The object is found by {@code externalId} (for the job's external system) when one is given and known, else
 * by type and code; it is created when neither matches. On update, a null field keeps what the registry holds, and
 * the attribute map is merged into the stored attributes.
 *
 * @param typeCode the Geo-Object Type's code (required)
 * @param code the object's code (required to create; on update a different code renames nothing and is refused)
 * @param label localized label, or null to keep
 * @param geometry GeoJSON geometry text, or null to keep
 * @param attributes values by attribute code, as {@link GeoObject} documents them (a term attribute takes the
 *     term's code); missing codes keep their values
 * @param hierarchy the hierarchy the parent is in, or null when the change sets no parent
 * @param parentExternalId the parent's external id in the job's external system, or null
 * @param parentCode the parent's code (of the parent type the hierarchy gives), used when no parentExternalId
 * @param externalId the object's id in the job's external system, stored with the object, or null
 * @param validFrom start of validity, or null (today on create)
 * @param validTo end of validity, or null
 * @since 1.2
 */
public record GeoObjectChange(
        String typeCode,
        String code,
        LocalizedText label,
        String geometry,
        Map<String, Object> attributes,
        String hierarchy,
        String parentExternalId,
        String parentCode,
        String externalId,
        LocalDate validFrom,
        LocalDate validTo) {

    public GeoObjectChange {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A change that only names the object; add what changes with the {@code with...} methods. */
    public static GeoObjectChange of(String typeCode, String code) {
        return new GeoObjectChange(typeCode, code, null, null, null, null, null, null, null, null, null);
    }

    public GeoObjectChange withLabel(LocalizedText newLabel) {
        return new GeoObjectChange(typeCode, code, newLabel, geometry, attributes, hierarchy, parentExternalId,
                parentCode, externalId, validFrom, validTo);
    }

    public GeoObjectChange withGeometry(String newGeometry) {
        return new GeoObjectChange(typeCode, code, label, newGeometry, attributes, hierarchy, parentExternalId,
                parentCode, externalId, validFrom, validTo);
    }

    public GeoObjectChange withAttributes(Map<String, Object> newAttributes) {
        return new GeoObjectChange(typeCode, code, label, geometry, newAttributes, hierarchy, parentExternalId,
                parentCode, externalId, validFrom, validTo);
    }

    /** Sets the parent in a hierarchy by the parent's external id in the job's system. */
    public GeoObjectChange withParentExternalId(String inHierarchy, String parentId) {
        return new GeoObjectChange(typeCode, code, label, geometry, attributes, inHierarchy, parentId, null,
                externalId, validFrom, validTo);
    }

    /** Sets the parent in a hierarchy by the parent's code. */
    public GeoObjectChange withParentCode(String inHierarchy, String parent) {
        return new GeoObjectChange(typeCode, code, label, geometry, attributes, inHierarchy, null, parent,
                externalId, validFrom, validTo);
    }

    public GeoObjectChange withExternalId(String newExternalId) {
        return new GeoObjectChange(typeCode, code, label, geometry, attributes, hierarchy, parentExternalId,
                parentCode, newExternalId, validFrom, validTo);
    }

    public GeoObjectChange withValidity(LocalDate from, LocalDate to) {
        return new GeoObjectChange(typeCode, code, label, geometry, attributes, hierarchy, parentExternalId,
                parentCode, externalId, from, to);
    }
}
