package org.georegistry.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;

/**
 * A Geo-Object as clients send it.
 *
 * @param geometry a GeoJSON geometry, or null
 * @param attributes values by attribute code, checked against the type
 * @param parents by hierarchy code: the parent's code (of the parent type the hierarchy gives), or
 *     {@code {"type": .., "code": ..}}; null removes the parent
 * @param validFrom defaults to today
 */
public record GeoObjectInput(
        String type,
        String code,
        LocalizedText label,
        JsonNode geometry,
        Map<String, JsonNode> attributes,
        Map<String, JsonNode> parents,
        LocalDate validFrom,
        LocalDate validTo) {

    public GeoObjectInput {
        attributes = attributes == null ? Map.of() : attributes;
        parents = parents == null ? Map.of() : parents;
    }
}
