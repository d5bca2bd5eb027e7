package org.georegistry.api.sync;

/**
 * A problem with one object during a job.
 *
 * @param objectCode the Geo-Object (or remote object) code it concerns, may be null for a job-level problem (a
 *     job-level WARNING is how a provider tells the user something about the whole run)
 * @param severity ERROR or WARNING
 * @param code a short machine-readable code, e.g. DHIS2's {@code E4000}, or the provider's own
 * @param message what went wrong, for a user
 * @param submitted the JSON sent to the peer for this object, or null
 * @param response the peer's JSON answer for this object, or null
 * @param typeCode the Geo-Object Type of the object, or null when unknown (since 1.2)
 */
public record ObjectError(
        String objectCode,
        Severity severity,
        String code,
        String message,
        String submitted,
        String response,
        String typeCode) {

    public enum Severity {
        ERROR,
        WARNING
    }

    /** The 1.1 form, without the object's type. */
    public ObjectError(
            String objectCode, Severity severity, String code, String message, String submitted, String response) {
        this(objectCode, severity, code, message, submitted, response, null);
    }

    public static ObjectError error(String objectCode, String code, String message) {
        return new ObjectError(objectCode, Severity.ERROR, code, message, null, null, null);
    }

    public static ObjectError warning(String objectCode, String code, String message) {
        return new ObjectError(objectCode, Severity.WARNING, code, message, null, null, null);
    }

    /** The same problem, naming the object's Geo-Object Type. @since 1.2 */
    public ObjectError ofType(String objectTypeCode) {
        return new ObjectError(objectCode, severity, code, message, submitted, response, objectTypeCode);
    }

    /** The same problem, with what was sent and what the peer answered. @since 1.2 */
    public ObjectError withExchange(String sent, String answer) {
        return new ObjectError(objectCode, severity, code, message, sent, answer, typeCode);
    }
}
