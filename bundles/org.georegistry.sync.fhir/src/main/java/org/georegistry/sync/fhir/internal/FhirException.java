package org.georegistry.sync.fhir.internal;

import org.georegistry.api.sync.PeerUnavailableException;

/** A failed exchange with the FHIR server, with a message a user can act on. */
final class FhirException extends Exception {

    enum Kind {
        /** No connection, timeout, unknown host. */
        UNREACHABLE,
        /** 401 or 403, or the OAuth2 token endpoint refused the client. */
        UNAUTHORIZED,
        /** Something answered, but not a FHIR server. */
        NOT_FHIR,
        /** The FHIR server answered with an error status. */
        HTTP_ERROR
    }

    private final Kind kind;
    private final int status;
    private final String body;

    FhirException(Kind kind, String message) {
        this(kind, message, 0, null, null);
    }

    FhirException(Kind kind, String message, Throwable cause) {
        this(kind, message, 0, null, cause);
    }

    FhirException(Kind kind, String message, int status, String body, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.body = body;
    }

    /** The server could not be reached or stayed unavailable: the core ends the job with stage CONNECTION_FAILED. */
    static FhirException unavailable(Kind kind, String message, Throwable cause) {
        return new FhirException(kind, message, 0, null, new PeerUnavailableException(message, cause));
    }

    Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no answer. */
    int status() {
        return status;
    }

    /** The answer's body (an OperationOutcome for a FHIR error), or null. */
    String body() {
        return body;
    }
}
