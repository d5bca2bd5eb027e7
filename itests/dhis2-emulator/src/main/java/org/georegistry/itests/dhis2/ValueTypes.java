package org.georegistry.itests.dhis2;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Whether an attribute value fits its valueType, after DHIS2's ValueType rules. Patterns compiled once. */
final class ValueTypes {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^[0-9+()\\-\\s]{3,50}$");
    private static final Pattern URL = Pattern.compile("^(https?|ftp)://\\S+$");
    private static final Pattern COORDINATE = Pattern.compile("^\\[\\s*-?\\d+(\\.\\d+)?\\s*,\\s*-?\\d+(\\.\\d+)?\\s*]$");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private ValueTypes() {
    }

    /** @param isOrgUnit whether a uid names an existing organisation unit, for ORGANISATION_UNIT values */
    static boolean isValid(String valueType, String value, Predicate<String> isOrgUnit) {
        if (valueType == null) {
            return true;
        }
        return switch (valueType) {
            case "LETTER" -> value.length() == 1 && Character.isLetter(value.charAt(0));
            case "BOOLEAN" -> value.equals("true") || value.equals("false");
            case "TRUE_ONLY" -> value.equals("true");
            case "EMAIL" -> EMAIL.matcher(value).matches();
            case "PHONE_NUMBER" -> PHONE.matcher(value).matches();
            case "URL" -> URL.matcher(value).matches();
            case "DATE" -> parses(() -> LocalDate.parse(value));
            case "DATETIME", "AGE" -> date(value) != null;
            case "TIME" -> parses(() -> LocalTime.parse(value));
            case "NUMBER" -> number(value) != null;
            case "UNIT_INTERVAL" -> inRange(number(value), 0, 1);
            case "PERCENTAGE" -> inRange(number(value), 0, 100);
            case "INTEGER" -> integer(value) != null;
            case "INTEGER_POSITIVE" -> inRange(integer(value), 1, Long.MAX_VALUE);
            case "INTEGER_NEGATIVE" -> inRange(integer(value), Long.MIN_VALUE, -1);
            case "INTEGER_ZERO_OR_POSITIVE" -> inRange(integer(value), 0, Long.MAX_VALUE);
            case "COORDINATE" -> COORDINATE.matcher(value).matches();
            case "ORGANISATION_UNIT" -> isOrgUnit.test(value);
            case "GEOJSON" -> value.trim().startsWith("{") && value.contains("\"type\"");
            default -> true; // TEXT, LONG_TEXT, USERNAME, FILE_RESOURCE, ...: free text here
        };
    }

    /** A DHIS2 date or timestamp in the form DHIS2 writes back (2017-05-22T15:21:48.514), or null. */
    static String date(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().format(TIMESTAMP);
            }
            return LocalDateTime.parse(value).format(TIMESTAMP);
        } catch (DateTimeParseException e) {
            return zoned(value);
        }
    }

    private static String zoned(String value) {
        try {
            return OffsetDateTime.parse(value).toLocalDateTime().format(TIMESTAMP);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Double number(String value) {
        try {
            double d = Double.parseDouble(value);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long integer(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean inRange(Number n, double min, double max) {
        return n != null && n.doubleValue() >= min && n.doubleValue() <= max;
    }
}
