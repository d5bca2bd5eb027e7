package org.georegistry.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.Classification;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.rest.Checks;

/**
 * Checks Geo-Objects of one type without touching the database: label, dates, geometry, attribute values, and
 * which hierarchies may give a parent. Built once per request or import, so an import checks 100,000 rows
 * against the type it loaded once.
 */
public final class ObjectChecker {

    private final GeoObjectType type;
    private final Map<String, Classification> classifications;
    private final Map<String, Hierarchy> hierarchies;

    /**
     * @param classifications those of the type's term attributes, by code
     * @param hierarchies the hierarchies the type is part of, by code
     */
    public ObjectChecker(GeoObjectType type, Map<String, Classification> classifications, Map<String, Hierarchy> hierarchies) {
        this.type = type;
        this.classifications = classifications;
        this.hierarchies = hierarchies;
    }

    public GeoObjectType type() {
        return type;
    }

    public Map<String, Hierarchy> hierarchies() {
        return hierarchies;
    }

    /** The object to store (without parents); errors go to {@code checks}, then the answer is meaningless. */
    public GeoObject check(GeoObjectInput in, String geometryJsonIsAlreadyChecked, Checks checks) {
        checks.code("code", in.code()).label("label", in.label());
        if (in.code() != null && in.code().length() > 128) {
            checks.error("code", "At most 128 characters");
        }
        if (in.validFrom() != null && in.validTo() != null && in.validTo().isBefore(in.validFrom())) {
            checks.error("validTo", "Must not be before validFrom");
        }
        String geometry = geometryJsonIsAlreadyChecked;
        if (geometry == null && in.geometry() != null && !in.geometry().isNull()) {
            try {
                geometry = Geometries.fromGeoJson(in.geometry(), type.geometryType());
            } catch (Geometries.InvalidGeometry e) {
                checks.error("geometry", e.getMessage());
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        in.attributes().forEach((code, value) -> {
            String field = "attributes." + code;
            var attribute = type.attribute(code);
            if (attribute.isEmpty()) {
                checks.error(field, "Unknown attribute of type '" + type.code() + "'");
            } else if (value != null && !value.isNull()) {
                Object v = value(attribute.get(), value, field, checks);
                if (v != null) {
                    values.put(code, v);
                }
            }
        });
        for (Attribute a : type.attributes()) {
            if (a.required() && !values.containsKey(a.code()) && !in.attributes().containsKey(a.code())) {
                checks.error("attributes." + a.code(), "Required");
            }
        }
        for (String hierarchy : in.parents().keySet()) {
            Hierarchy h = hierarchies.get(hierarchy);
            if (h == null) {
                checks.error("parents." + hierarchy, "Type '" + type.code() + "' is not part of hierarchy '" + hierarchy + "'");
            } else if (h.parentOf(type.code()).isEmpty()) {
                checks.error("parents." + hierarchy, "Type '" + type.code() + "' is a root of hierarchy '" + hierarchy + "'");
            }
        }
        return new GeoObject(type.code(), in.code(), in.label(), geometry, values, List.of(),
                in.validFrom() == null ? LocalDate.now() : in.validFrom(), in.validTo(), null, Map.of());
    }

    /** A checked attribute value in its stored JSON form, or null after recording an error. */
    private Object value(Attribute a, JsonNode v, String field, Checks checks) {
        switch (a.type()) {
            case TEXT -> {
                if (v.isTextual()) {
                    return v.asText();
                }
            }
            case LOCALIZED_TEXT -> {
                if (v.isTextual()) {
                    return LocalizedText.of(v.asText()).values();
                }
                if (v.isObject()) {
                    Map<String, String> texts = new LinkedHashMap<>();
                    var fields = v.fields();
                    while (fields.hasNext()) {
                        var e = fields.next();
                        if (!e.getValue().isTextual()) {
                            checks.error(field + "." + e.getKey(), "Expected a text");
                            return null;
                        }
                        texts.put(e.getKey(), e.getValue().asText());
                    }
                    return texts;
                }
            }
            case BOOLEAN -> {
                if (v.isBoolean()) {
                    return v.asBoolean();
                }
            }
            case INTEGER -> {
                if (v.isIntegralNumber() && v.canConvertToLong()) {
                    return v.asLong();
                }
            }
            case DECIMAL -> {
                if (v.isNumber()) {
                    return v.decimalValue();
                }
            }
            case DATE -> {
                if (v.isTextual()) {
                    try {
                        return LocalDate.parse(v.asText()).toString();
                    } catch (DateTimeParseException e) {
                        checks.error(field, "Expected a date yyyy-mm-dd");
                        return null;
                    }
                }
            }
            case TERM -> {
                if (v.isTextual()) {
                    Classification c = classifications.get(a.classification());
                    if (c != null && c.hasTerm(v.asText())) {
                        return v.asText();
                    }
                    checks.error(field, "Unknown term '" + v.asText() + "' of classification '" + a.classification() + "'");
                    return null;
                }
            }
            default -> throw new IllegalStateException("Unhandled attribute type " + a.type());
        }
        checks.error(field, "Expected " + expected(a));
        return null;
    }

    private static String expected(Attribute a) {
        return switch (a.type()) {
            case TEXT -> "a text";
            case LOCALIZED_TEXT -> "a text or an object of texts by locale";
            case BOOLEAN -> "true or false";
            case INTEGER -> "an integer";
            case DECIMAL -> "a number";
            case DATE -> "a date yyyy-mm-dd";
            case TERM -> "a term code of classification '" + a.classification() + "'";
        };
    }
}
