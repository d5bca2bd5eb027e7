package org.georegistry.sync.dhis2.internal;

import java.io.IOException;

/** A call to DHIS2 that did not give a usable answer; the message is for users and never holds credentials. */
final class Dhis2Exception extends IOException {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** No HTTP answer: unknown host, refused, timed out, connection closed. */
        UNREACHABLE,
        /** 401, or a redirect to (or the HTML of) the login page. */
        UNAUTHORIZED,
        /** An answer, but not from a DHIS2 Web API (HTML page, JSON of another shape, other redirect). */
        NOT_DHIS2,
        /** DHIS2 answered with an HTTP error it does not explain in an import report. */
        HTTP_ERROR,
        /** The body was refused as too large (HTTP 413): send less at once. */
        TOO_LARGE,
        /** The job's thread was interrupted (the server is stopping). */
        INTERRUPTED
    }

    private final Kind kind;

    Dhis2Exception(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Dhis2Exception(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    /** Whether trying again may help: no connection or no answer in time, not an invalid address. */
    boolean transientFailure() {
        return kind == Kind.UNREACHABLE;
    }
}
