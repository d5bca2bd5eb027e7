package org.georegistry.core.internal.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem body. {@code errors} names the fields a validation failure is about.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad field: {@code field} is a JSON path such as {@code settings.url} or {@code levels[1].type}. */
    public record FieldError(String field, String message) {}

    /** The detail of every 404, the API's and the server's: which path nothing serves. */
    public static String nothingServedAt(String path) {
        return "Nothing is served at " + path;
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, List.of());
    }

    public static Problem of(int status, String title, String detail, List<FieldError> errors) {
        return new Problem("about:blank", title, status, detail, List.copyOf(errors));
    }
}
