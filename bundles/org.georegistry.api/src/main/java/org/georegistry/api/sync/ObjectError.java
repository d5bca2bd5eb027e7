package org.georegistry.api.sync;

/**
 * A problem with one object during a job.
 *
 * @param objectCode the Geo-Object (or remote object) code it concerns, may be null for a batch-level problem
 * @param severity ERROR or WARNING
 * @param code a short machine-readable code, e.g. DHIS2's {@code E4000}, or the provider's own
 * @param message what went wrong, for a user
 * @param submitted the JSON sent to the peer for this object, or null
 * @param response the peer's JSON answer for this object, or null
 */
public record ObjectError(
        String objectCode, Severity severity, String code, String message, String submitted, String response) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static ObjectError error(String objectCode, String code, String message) {
        return new ObjectError(objectCode, Severity.ERROR, code, message, null, null);
    }

    public static ObjectError warning(String objectCode, String code, String message) {
        return new ObjectError(objectCode, Severity.WARNING, code, message, null, null);
    }
}
