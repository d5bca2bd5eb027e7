package org.georegistry.core.internal.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The value types of custom attributes, written in lower case in JSON ({@code "localized_text"}). */
public enum AttributeType {
    TEXT, LOCALIZED_TEXT, BOOLEAN, DATE, INTEGER, DECIMAL, TERM;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AttributeType parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
