package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.ObjectError;

/**
 * Builds the organisation unit DHIS2 receives for a Geo-Object. DHIS2 replaces every property on update, so the
 * unit is always complete: what is not sent is cleared (see {@link CurrentUnits#merge} for what is kept).
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
    private static final Pattern GEOMETRY_TYPE = Pattern.compile("^\\s*\\{\\s*\"type\"\\s*:\\s*\"(\\w+)\"");
    private static final Set<String> PASSED_THROUGH = Set.of("Point", "Polygon", "MultiPolygon");
    /** The built-in properties DHIS2 translates, by the translation property name. */
    private static final Map<String, String> TRANSLATED = Map.of("name", "NAME", "shortName", "SHORT_NAME",
            "description", "DESCRIPTION");

    /**
     * The unit to send (null when the object cannot be sent), the organisation unit groups its terms put it in,
     * and the problems found on the way. Mapped values the object lacks are JSON nulls: see
     * {@link CurrentUnits#merge}.
     */
    record Mapped(ObjectNode unit, List<String> groups, List<ObjectError> problems) {}

    private final ObjectMapper mapper;
    private final Dhis2Version version;
    private final ExportConfig config;
    /** The organisation unit attributes DHIS2 has, by id, for their value types. */
    private final Map<String, Dhis2Catalog.Attribute> attributes;
    /** The locales DHIS2 stores translations in. */
    private final List<Wanted> locales;

    OrgUnitMapper(ObjectMapper mapper, Dhis2Version version, ExportConfig config,
            Map<String, Dhis2Catalog.Attribute> attributes, List<String> locales) {
        this.mapper = mapper;
        this.version = version;
        this.config = config;
        this.attributes = attributes;
        this.locales = locales.stream().map(Wanted::of).toList();
    }

    Mapped map(GeoObject object, ExportConfig.Level level, String uid, String parentUid) {
        List<ObjectError> problems = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        ObjectNode unit = mapper.createObjectNode();
        unit.put("id", uid);
        Map<String, ExportConfig.Mapping> targets = new LinkedHashMap<>();
        DEFAULTS.forEach(m -> targets.put(m.target(), m));
        ArrayNode attributeValues = mapper.createArrayNode();
        ArrayNode translations = mapper.createArrayNode();
        for (ExportConfig.Mapping m : level.attributes()) {
            if (m.kind() == ExportConfig.Kind.ORG_UNIT_GROUP) {
                if (!group(object, m, groups, problems)) {
                    return new Mapped(null, groups, problems);
                }
            } else {
                targets.put(m.target(), m);
            }
        }
        for (ExportConfig.Mapping mapping : targets.values()) {
            String target = mapping.target();
            Object raw = raw(object, mapping.source());
            Object value = raw instanceof LocalizedText text ? text.get(config.preferredLocale()) : raw;
            if (raw instanceof LocalizedText text && TRANSLATED.containsKey(target)) {
                translate(text, TRANSLATED.get(target), translations);
            }
            ObjectError error = mapping.attributeId() != null
                    ? attributeValue(object, mapping, value, attributeValues)
                    : property(object, mapping, value, unit);
            if (error != null) {
                problems.add(error);
                return new Mapped(null, groups, problems);
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
        if (!translations.isEmpty()) {
            unit.set("translations", translations);
        }
        if (parentUid != null) {
            unit.putObject("parent").put("id", parentUid);
        }
        if (config.includeGeometry() && object.geometry() != null && !object.geometry().isBlank()) {
            String problem = geometry(object.geometry(), unit);
            if (problem != null) {
                problems.add(ObjectError.error(object.code(), "UNSUPPORTED_GEOMETRY", problem));
                return new Mapped(null, groups, problems);
            }
        }
        return new Mapped(unit, List.copyOf(groups), problems);
    }

    /** What a relationship-only level sends: the parent, merged into the unit DHIS2 has. */
    ObjectNode relationship(String uid, String parentUid) {
        ObjectNode unit = mapper.createObjectNode().put("id", uid);
        unit.putObject("parent").put("id", parentUid);
        return unit;
    }

    private static Object raw(GeoObject object, String source) {
        return switch (source) {
            case "code" -> object.code();
            case "label" -> object.label();
            case "validFrom" -> object.validFrom();
            case "validTo" -> object.validTo();
            default -> object.attributes().get(source);
        };
    }

    /** Sets a built-in property; answers why the value cannot be sent, or null. */
    private static ObjectError property(GeoObject object, ExportConfig.Mapping mapping, Object value, ObjectNode unit) {
        String target = mapping.target();
        if (value == null) {
            // an explicit null clears what DHIS2 holds when the unit is merged; dropped before sending
            unit.putNull(target);
        } else if (ExportConfig.DATE_TARGETS.contains(target)) {
            if (!(value instanceof LocalDate day)) {
                return ObjectError.error(object.code(), "INVALID_DATE", mapping.source() + " of " + object.code()
                        + " is not a date and cannot be sent as " + target);
            }
            unit.put(target, day.atStartOfDay().format(DATE));
        } else {
            unit.put(target, value.toString());
        }
        return null;
    }

    /** Adds a DHIS2 attribute value; answers why the value cannot be sent, or null. */
    private ObjectError attributeValue(GeoObject object, ExportConfig.Mapping mapping, Object value, ArrayNode values) {
        Dhis2Catalog.Attribute attribute = attributes.get(mapping.attributeId());
        String text;
        if (value == null) {
            text = null;
        } else if (mapping.kind() == ExportConfig.Kind.OPTION_SET) {
            text = mapping.terms().get(value.toString());
            if (text == null) {
                return ObjectError.error(object.code(), "TERM_NOT_MAPPED", "Term " + value + " of "
                        + mapping.source() + " is not mapped to an option of " + (attribute == null ? mapping.target()
                                : "DHIS2 attribute " + attribute.name()) + ": add it to the configuration's terms");
            }
        } else {
            text = attribute == null ? null : ValueTypes.format(attribute.valueType(), value);
            if (text == null) {
                return ObjectError.error(object.code(), "TYPE_MISMATCH", mapping.source() + " ("
                        + value.getClass().getSimpleName() + " " + value + ") does not fit DHIS2 attribute "
                        + (attribute == null ? mapping.attributeId()
                                : attribute.name() + " of value type " + attribute.valueType()));
            }
            if (text.isEmpty()) {
                text = null; // TRUE_ONLY has no false
            }
        }
        ObjectNode attributeValue = values.addObject();
        if (text == null) {
            attributeValue.putNull("value");
        } else {
            attributeValue.put("value", text);
        }
        attributeValue.putObject("attribute").put("id", mapping.attributeId());
        return null;
    }

    /** Adds the group a term maps to; false after reporting a term that is not mapped. */
    private static boolean group(GeoObject object, ExportConfig.Mapping mapping, List<String> groups,
            List<ObjectError> problems) {
        Object term = object.attributes().get(mapping.source());
        if (term == null) {
            return true;
        }
        String group = mapping.terms().get(term.toString());
        if (group == null) {
            problems.add(ObjectError.error(object.code(), "TERM_NOT_MAPPED", "Term " + term + " of "
                    + mapping.source() + " is not mapped to an organisation unit group: add it to the configuration's"
                    + " terms"));
            return false;
        }
        groups.add(group);
        return true;
    }

    /**
     * Translations for the locales DHIS2 has: each takes the registry's text in that locale, else in its language,
     * else in another country of its language (as GPR matches them); a locale with none of these is left out rather
     * than given the default text.
     */
    private void translate(LocalizedText text, String property, ArrayNode translations) {
        for (Wanted locale : locales) {
            String value = locale.in(text);
            if (value == null || value.isBlank()) {
                continue;
            }
            if (property.equals("SHORT_NAME") && value.length() > SHORT_NAME_MAX) {
                value = value.substring(0, SHORT_NAME_MAX);
            }
            translations.addObject().put("property", property).put("locale", locale.locale()).put("value", value);
        }
    }

    /**
     * A DHIS2 locale ({@code pt_BR}), its registry tag and its language, worked out once per job: every object
     * is matched against every locale DHIS2 has.
     */
    private record Wanted(String locale, String tag, String language) {
        static Wanted of(String locale) {
            String tag = locale.replace('-', '_');
            int separator = tag.indexOf('_');
            return new Wanted(locale, tag, (separator < 0 ? tag : tag.substring(0, separator)).toLowerCase(Locale.ROOT));
        }

        /**
         * The text in this locale, else in its language, else in another country of its language; null without
         * any of these.
         */
        String in(LocalizedText text) {
            String exact = text.values().get(tag);
            if (exact != null) {
                return exact;
            }
            for (Map.Entry<String, String> e : text.values().entrySet()) {
                if (sameLanguage(e.getKey())) {
                    return e.getValue();
                }
            }
            return null;
        }

        /** {@code key} is this language alone or one of its countries, in any case, with - or _. */
        private boolean sameLanguage(String key) {
            int n = language.length();
            return key.regionMatches(true, 0, language, 0, n)
                    && (key.length() == n || key.charAt(n) == '_' || key.charAt(n) == '-');
        }
    }

    /**
     * Sets the geometry in the release's shape; returns why it cannot be sent, or null. From 2.32 a point, polygon
     * or multi-polygon (the registry checked it) is passed through as it is, without parsing its coordinates.
     */
    private String geometry(String geoJson, ObjectNode unit) {
        if (version.hasGeoJson()) {
            Matcher m = GEOMETRY_TYPE.matcher(geoJson);
            if (m.find() && PASSED_THROUGH.contains(m.group(1))) {
                unit.putRawValue("geometry", new RawValue(geoJson));
                return null;
            }
        }
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
