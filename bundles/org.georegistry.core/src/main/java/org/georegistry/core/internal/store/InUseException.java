package org.georegistry.core.internal.store;

/** A row cannot be deleted while others refer to it. */
public final class InUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InUseException(String message) {
        super(message, null, false, false);
    }
}
