package org.georegistry.core.internal.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.georegistry.api.model.LocalizedText;

/** Collects field errors of one request body, then throws them all at once as a 400. */
public final class Checks {

    /** Codes: letters, digits, '_', '-', '.', starting with a letter or digit. */
    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public Checks error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return this;
    }

    /** A required code of at most 64 characters. */
    public Checks code(String field, String value) {
        if (value == null || value.isBlank()) {
            error(field, "Required");
        } else if (!CODE.matcher(value).matches()) {
            error(field, "Must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit");
        }
        return this;
    }

    public Checks required(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            error(field, "Required");
        }
        return this;
    }

    /** A label with at least one non-blank value. */
    public Checks label(String field, LocalizedText label) {
        if (label == null || label.values().isEmpty() || label.defaultValue() == null || label.defaultValue().isBlank()) {
            error(field, "Required: a text, or an object of texts by locale");
        }
        return this;
    }

    public List<Problem.FieldError> errors() {
        return List.copyOf(errors);
    }

    public boolean ok() {
        return errors.isEmpty();
    }

    /** Throws a 400 naming every bad field, if there is one. */
    public void done() {
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }
}
