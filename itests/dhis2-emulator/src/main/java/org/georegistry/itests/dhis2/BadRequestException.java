package org.georegistry.itests.dhis2;

/** A request DHIS2 would refuse as a whole with 400 and a WebMessage. */
final class BadRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequestException(String message) {
        super(message);
    }
}
