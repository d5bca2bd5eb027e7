package org.georegistry.sync.dhis2.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Which DHIS2 attribute value types take which registry attribute type, as the table gives it, and how a
 * registry value is written for each. Types absent here (tracker associate, coordinate, organisation unit, file
 * resource, image, reference, geojson, ...) are never offered nor written.
 */
final class ValueTypes {

    /** Registry attribute types, as the registry names them in its API. */
    static final String TEXT = "TEXT";
    static final String LOCALIZED_TEXT = "LOCALIZED_TEXT";
    static final String BOOLEAN = "BOOLEAN";
    static final String DATE = "DATE";
    static final String INTEGER = "INTEGER";
    static final String DECIMAL = "DECIMAL";
    static final String TERM = "TERM";

    private static final Map<String, String> REGISTRY_TYPE = Map.ofEntries(
            Map.entry("TEXT", TEXT), Map.entry("LONG_TEXT", TEXT), Map.entry("LETTER", TEXT),
            Map.entry("PHONE_NUMBER", TEXT), Map.entry("EMAIL", TEXT), Map.entry("USERNAME", TEXT),
            Map.entry("URL", TEXT),
            Map.entry("BOOLEAN", BOOLEAN), Map.entry("TRUE_ONLY", BOOLEAN),
            Map.entry("DATE", DATE), Map.entry("DATETIME", DATE), Map.entry("TIME", DATE), Map.entry("AGE", DATE),
            Map.entry("INTEGER", INTEGER), Map.entry("INTEGER_POSITIVE", INTEGER),
            Map.entry("INTEGER_NEGATIVE", INTEGER), Map.entry("INTEGER_ZERO_OR_POSITIVE", INTEGER),
            Map.entry("NUMBER", DECIMAL), Map.entry("UNIT_INTERVAL", DECIMAL), Map.entry("PERCENTAGE", DECIMAL));

    private ValueTypes() {}

    /**
     * The registry type an organisation unit attribute takes, or null when it is never offered. An attribute with
     * an option set takes terms only: DHIS2 accepts nothing but its option codes.
     */
    static String registryType(String valueType, boolean hasOptionSet) {
        if (hasOptionSet) {
            return List.of("TEXT", "LONG_TEXT", "MULTI_TEXT", "LETTER", "INTEGER", "INTEGER_POSITIVE",
                    "INTEGER_ZERO_OR_POSITIVE", "NUMBER").contains(valueType) ? TERM : null;
        }
        return valueType == null ? null : REGISTRY_TYPE.get(valueType);
    }

    /** The registry types a form may map to an attribute of this registry type: text takes localized text too. */
    static List<String> accepted(String registryType) {
        return TEXT.equals(registryType) ? List.of(TEXT, LOCALIZED_TEXT) : List.of(registryType);
    }

    /**
     * The value as DHIS2 stores it for a value type, or null when the value's Java type does not fit (see
     * {@link org.georegistry.api.model.GeoObject#attributes()} for the Java types). {@code TRUE_ONLY} has no
     * false: a false value is written as no value, which the caller sends as a clearing null.
     */
    static String format(String valueType, Object value) {
        String registryType = registryType(valueType, false);
        if (registryType == null) {
            return null;
        }
        return switch (registryType) {
            case TEXT -> value instanceof String s ? s : null;
            case BOOLEAN -> value instanceof Boolean b ? (b ? "true" : valueType.equals("TRUE_ONLY") ? "" : "false")
                    : null;
            case DATE -> value instanceof LocalDate d ? switch (valueType) {
                case "DATETIME", "AGE" -> d.atStartOfDay().format(OrgUnitMapper.DATE);
                case "TIME" -> "00:00";
                default -> d.toString();
            } : null;
            case INTEGER -> value instanceof Long || value instanceof Integer ? value.toString() : null;
            case DECIMAL -> value instanceof Number n ? decimal(n) : null;
            default -> null;
        };
    }

    /** 12.0 is written 12, as DHIS2 shows numbers. */
    private static String decimal(Number n) {
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The registry value of a DHIS2 attribute value, for imports; null when it does not parse. */
    static Object parse(String valueType, String value) {
        String registryType = registryType(valueType, false);
        if (registryType == null || value == null) {
            return null;
        }
        try {
            return switch (registryType) {
                case TEXT -> value;
                case BOOLEAN -> Boolean.parseBoolean(value);
                case DATE -> valueType.equals("TIME") ? null : LocalDate.parse(value.substring(0, Math.min(10, value.length())));
                case INTEGER -> Long.parseLong(value);
                case DECIMAL -> Double.parseDouble(value);
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }
}
