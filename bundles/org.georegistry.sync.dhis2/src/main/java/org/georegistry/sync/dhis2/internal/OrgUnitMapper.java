package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.ObjectError;

/**
 * Builds the organisation unit DHIS2 receives for a Geo-Object. DHIS2 replaces every property on update, so the
 * unit is always complete: what is not sent is cleared.
 */
final class OrgUnitMapper {

    static final int SHORT_NAME_MAX = 50;
    /** DHIS2's date-time format for openingDate and closedDate (midnight of the registry's day). */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final List<ExportConfig.Mapping> DEFAULTS = List.of(
            new ExportConfig.Mapping("label", "name"),
            new ExportConfig.Mapping("label", "shortName"),
            new ExportConfig.Mapping("code", "code"),
            new ExportConfig.Mapping("validFrom", "openingDate"),
            new ExportConfig.Mapping("validTo", "closedDate"));

    /**
     * The unit to send, or null when the object cannot be sent; problems found on the way. Mapped values the
     * object lacks are JSON nulls: see {@link CurrentUnits#merge}.
     */
    record Mapped(ObjectNode unit, List<ObjectError> problems) {}

    private final ObjectMapper mapper;
    private final Dhis2Version version;
    private final ExportConfig config;

    OrgUnitMapper(ObjectMapper mapper, Dhis2Version version, ExportConfig config) {
        this.mapper = mapper;
        this.version = version;
        this.config = config;
    }

    Mapped map(GeoObject object, ExportConfig.Level level, String uid, String parentUid) {
        List<ObjectError> problems = new ArrayList<>();
        ObjectNode unit = mapper.createObjectNode();
        unit.put("id", uid);
        Map<String, String> targets = new LinkedHashMap<>();
        DEFAULTS.forEach(m -> targets.put(m.target(), m.source()));
        level.attributes().forEach(m -> targets.put(m.target(), m.source()));
        ArrayNode attributeValues = mapper.createArrayNode();
        for (Map.Entry<String, String> mapping : targets.entrySet()) {
            String target = mapping.getKey();
            Object value = value(object, mapping.getValue());
            if (value == null) {
                // an explicit null clears what DHIS2 holds when the unit is merged; dropped before sending
                if (target.startsWith(ExportConfig.ATTRIBUTE_TARGET)) {
                    ObjectNode cleared = attributeValues.addObject().putNull("value");
                    cleared.putObject("attribute").put("id", target.substring(ExportConfig.ATTRIBUTE_TARGET.length()));
                } else {
                    unit.putNull(target);
                }
                continue;
            }
            if (target.equals("openingDate") || target.equals("closedDate")) {
                if (!(value instanceof LocalDate day)) {
                    problems.add(ObjectError.error(object.code(), "INVALID_DATE", mapping.getValue() + " of "
                            + object.code() + " is not a date and cannot be sent as " + target));
                    return new Mapped(null, problems);
                }
                unit.put(target, day.atStartOfDay().format(DATE));
            } else if (target.startsWith(ExportConfig.ATTRIBUTE_TARGET)) {
                ObjectNode attributeValue = attributeValues.addObject();
                attributeValue.put("value", value.toString());
                attributeValue.putObject("attribute").put("id", target.substring(ExportConfig.ATTRIBUTE_TARGET.length()));
            } else {
                unit.put(target, value.toString());
            }
        }
        String shortName = unit.path("shortName").asText(null);
        if (shortName != null && shortName.length() > SHORT_NAME_MAX) {
            unit.put("shortName", shortName.substring(0, SHORT_NAME_MAX));
            problems.add(ObjectError.warning(object.code(), "SHORT_NAME_TRUNCATED",
                    "The short name of " + object.code() + " was cut to " + SHORT_NAME_MAX + " characters"));
        }
        if (!attributeValues.isEmpty()) {
            unit.set("attributeValues", attributeValues);
        }
        translations(object, targets, unit);
        if (parentUid != null) {
            unit.putObject("parent").put("id", parentUid);
        }
        if (config.includeGeometry() && object.geometry() != null && !object.geometry().isBlank()) {
            String problem = geometry(object.geometry(), unit);
            if (problem != null) {
                problems.add(ObjectError.error(object.code(), "UNSUPPORTED_GEOMETRY", problem));
                return new Mapped(null, problems);
            }
        }
        return new Mapped(unit, problems);
    }

    private Object value(GeoObject object, String source) {
        Object value = switch (source) {
            case "code" -> object.code();
            case "label" -> object.label();
            case "validFrom" -> object.validFrom();
            case "validTo" -> object.validTo();
            default -> object.attributes().get(source);
        };
        if (value instanceof LocalizedText text) {
            return text.get(config.preferredLocale());
        }
        return value;
    }

    /** The label's other locales become NAME and SHORT_NAME translations when the label gives the name. */
    private void translations(GeoObject object, Map<String, String> targets, ObjectNode unit) {
        if (!"label".equals(targets.get("name"))) {
            return;
        }
        ArrayNode translations = mapper.createArrayNode();
        for (Map.Entry<String, String> e : object.label().values().entrySet()) {
            if (e.getKey().equals(LocalizedText.DEFAULT) || e.getValue() == null || e.getValue().isBlank()) {
                continue;
            }
            String locale = e.getKey().replace('-', '_');
            translations.addObject().put("property", "NAME").put("locale", locale).put("value", e.getValue());
            if ("label".equals(targets.get("shortName"))) {
                String shortName = e.getValue().length() > SHORT_NAME_MAX
                        ? e.getValue().substring(0, SHORT_NAME_MAX) : e.getValue();
                translations.addObject().put("property", "SHORT_NAME").put("locale", locale).put("value", shortName);
            }
        }
        if (!translations.isEmpty()) {
            unit.set("translations", translations);
        }
    }

    /** Sets the geometry in the release's shape; returns why it cannot be sent, or null. */
    private String geometry(String geoJson, ObjectNode unit) {
        JsonNode geometry;
        try {
            geometry = mapper.readTree(geoJson);
        } catch (IOException e) {
            return "The geometry is not valid GeoJSON";
        }
        String type = geometry.path("type").asText();
        JsonNode coordinates = geometry.path("coordinates");
        if (type.equals("MultiPoint") && coordinates.size() == 1) {
            type = "Point";
            coordinates = coordinates.get(0);
        }
        String featureType = switch (type) {
            case "Point" -> "POINT";
            case "Polygon" -> "POLYGON";
            case "MultiPolygon" -> "MULTI_POLYGON";
            default -> null;
        };
        if (featureType == null || !coordinates.isArray()) {
            return "DHIS2 takes points, polygons and multi-polygons, not " + (type.isEmpty() ? "this geometry" : type);
        }
        if (version.hasGeoJson()) {
            unit.putObject("geometry").put("type", type).set("coordinates", coordinates);
        } else {
            unit.put("featureType", featureType);
            unit.put("coordinates", coordinates.toString());
        }
        return null;
    }
}
