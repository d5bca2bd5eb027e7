package org.georegistry.core.internal.rest;

import java.util.List;

/**
 * A failure the client can act on, answered with its status and a problem body; never logged as a bug.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ApiException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "Invalid request", message, List.of(new Problem.FieldError(field, message)));
    }

    public static ApiException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).message() : errors.size() + " fields are invalid";
        return new ApiException(400, "Invalid request", detail, errors);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "Not Found", detail, List.of());
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail, List.of());
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail, List.of());
    }

    /** 503: something the request needs is not there right now; the same request may work later. */
    public static ApiException unavailable(String detail) {
        return new ApiException(503, "Service Unavailable", detail, List.of());
    }

    public Problem problem() {
        return Problem.of(status, title, getMessage(), errors);
    }

    public int status() {
        return status;
    }
}
