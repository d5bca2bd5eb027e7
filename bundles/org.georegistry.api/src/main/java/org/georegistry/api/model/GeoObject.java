package org.georegistry.api.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest version of one Geo-Object as providers see it.
 *
 * @param typeCode the Geo-Object Type's code
 * @param code unique within the type
 * @param label localized display label
 * @param geometry GeoJSON geometry text, or null
 * @param attributes custom attribute values by attribute code: String, Boolean, Long, Double, LocalDate,
 *     {@link LocalizedText}, or a term code (String) for term attributes
 * @param parents the object's parent in each hierarchy it belongs to
 * @param validFrom start of validity
 * @param validTo end of validity, null when still valid
 * @param lastUpdated when anything about the object last changed
 * @param externalIds external id by external-system id
 */
public record GeoObject(
        String typeCode,
        String code,
        LocalizedText label,
        String geometry,
        Map<String, Object> attributes,
        List<ParentLink> parents,
        LocalDate validFrom,
        LocalDate validTo,
        Instant lastUpdated,
        Map<String, String> externalIds) {

    public GeoObject {
        label = label == null ? new LocalizedText(Map.of()) : label;
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        parents = parents == null ? List.of() : List.copyOf(parents);
        externalIds = externalIds == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(externalIds));
    }

    /** Whether the object is valid on the given day. */
    public boolean validOn(LocalDate day) {
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }
}
