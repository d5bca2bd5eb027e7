package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One organisation unit as the emulator holds it. {@code path} and {@code level} are derived from the parent chain by
 * the store, as DHIS2 does, never taken from a payload.
 */
public record OrgUnit(String id, String code, String name, String shortName, String description, String openingDate,
        String closedDate, String parentId, String path, int level, JsonNode geometry, String featureType,
        String coordinates, List<Translation> translations, List<AttributeValue> attributeValues,
        JsonNode contact, String created, String lastUpdated) {

    public record Translation(String property, String locale, String value) {
    }

    public record AttributeValue(String attributeId, String value) {
    }

    OrgUnit withPlace(String newPath, int newLevel) {
        return new OrgUnit(id, code, name, shortName, description, openingDate, closedDate, parentId, newPath,
                newLevel, geometry, featureType, coordinates, translations, attributeValues, contact, created,
                lastUpdated);
    }

    /** The value of an attribute, or null. */
    public String attributeValue(String attributeId) {
        for (AttributeValue value : attributeValues) {
            if (value.attributeId().equals(attributeId)) {
                return value.value();
            }
        }
        return null;
    }
}
