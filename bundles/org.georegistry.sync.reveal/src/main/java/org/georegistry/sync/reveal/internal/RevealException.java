package org.georegistry.sync.reveal.internal;

import java.io.IOException;

/** A call that gave no usable answer; the message is for users and never holds credentials. */
final class RevealException extends IOException {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** No HTTP answer: unknown host, refused, timed out, connection closed. */
        UNREACHABLE,
        /** The token endpoint or the API refused the credentials. */
        UNAUTHORIZED,
        /** The credentials are fine but the account may not do this (403). */
        FORBIDDEN,
        /** An answer, but not from the expected API (404, HTML, another JSON shape): wrong URL or flavour. */
        WRONG_SERVER,
        /** The server answered an error it kept failing with, or one that is not about a single object. */
        HTTP_ERROR
    }

    private final Kind kind;

    RevealException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    RevealException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
