package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code filter=property:operator:value} of DHIS2's object query language, evaluated on an object's full JSON.
 * Dotted properties follow references ({@code parent.id}); values compare as numbers when both sides are numbers.
 */
record Filter(String[] path, String operator, String value, List<String> values) {
    private static final Set<String> UNARY = Set.of("null", "!null", "empty", "!empty");
    private static final Set<String> OPERATORS = Set.of("eq", "!eq", "ne", "neq", "in", "!in", "like", "!like",
            "ilike", "!ilike", "$like", "like$", "$ilike", "ilike$", "gt", "ge", "lt", "le", "token", "null", "!null",
            "empty", "!empty");

    static Filter parse(String text) {
        String[] parts = text.split(":", 3);
        if (parts.length < 2 || !OPERATORS.contains(parts[1]) || (parts.length < 3 && !UNARY.contains(parts[1]))) {
            throw new BadRequestException("Invalid filter `" + text + "`");
        }
        String value = parts.length == 3 ? parts[2] : null;
        List<String> values = new ArrayList<>();
        if (value != null && (parts[1].equals("in") || parts[1].equals("!in"))) {
            String inner = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
            for (String item : inner.split(",")) {
                values.add(item.trim());
            }
        }
        return new Filter(parts[0].split("\\."), parts[1], value, values);
    }

    /** The id or code this filter pins down, for an index lookup instead of a scan; null if none. */
    List<String> lookupValues(String property) {
        if (path.length != 1 || !path[0].equals(property)) {
            return null;
        }
        return switch (operator) {
            case "eq" -> List.of(value);
            case "in" -> values;
            default -> null;
        };
    }

    boolean test(JsonNode object) {
        JsonNode node = object;
        for (String step : path) {
            node = node == null ? null : node.get(step);
        }
        boolean missing = node == null || node.isNull();
        switch (operator) {
            case "null":
                return missing;
            case "!null":
                return !missing;
            case "empty":
                return missing || node.isEmpty() && node.isContainerNode();
            case "!empty":
                return !missing && !(node.isContainerNode() && node.isEmpty());
            default:
                break;
        }
        return test(missing ? null : node.isValueNode() ? node.asText() : node.toString(), node != null
                && node.isNumber());
    }

    /**
     * Whether a value held outside JSON passes, as {@link #test(JsonNode)} would decide on the same value in an
     * object's JSON; {@code numeric} when it is a number there. For the unary operators see {@link #test(JsonNode)}.
     */
    boolean test(String actual, boolean numeric) {
        switch (operator) {
            case "null", "empty":
                return actual == null;
            case "!null", "!empty":
                return actual != null;
            default:
                break;
        }
        return switch (operator) {
            case "eq" -> value.equals(actual);
            case "!eq", "ne", "neq" -> !value.equals(actual);
            case "in" -> actual != null && values.contains(actual);
            case "!in" -> actual == null || !values.contains(actual);
            case "like" -> actual != null && actual.contains(value);
            case "!like" -> actual == null || !actual.contains(value);
            case "ilike", "token" -> actual != null && lower(actual).contains(lower(value));
            case "!ilike" -> actual == null || !lower(actual).contains(lower(value));
            case "$like" -> actual != null && actual.startsWith(value);
            case "$ilike" -> actual != null && lower(actual).startsWith(lower(value));
            case "like$" -> actual != null && actual.endsWith(value);
            case "ilike$" -> actual != null && lower(actual).endsWith(lower(value));
            case "gt" -> actual != null && compare(numeric, actual) > 0;
            case "ge" -> actual != null && compare(numeric, actual) >= 0;
            case "lt" -> actual != null && compare(numeric, actual) < 0;
            case "le" -> actual != null && compare(numeric, actual) <= 0;
            default -> false;
        };
    }

    /** Numbers by value; timestamps as text, which orders ISO-8601 (a date alone sorts before that day's times). */
    private int compare(boolean numeric, String actual) {
        if (numeric) {
            try {
                return Double.compare(Double.parseDouble(actual), Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return actual.compareTo(value);
            }
        }
        return actual.compareTo(value);
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
