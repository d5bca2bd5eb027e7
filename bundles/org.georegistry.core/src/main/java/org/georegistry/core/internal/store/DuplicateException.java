package org.georegistry.core.internal.store;

/** A row with the same key exists already. */
public final class DuplicateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DuplicateException(String message) {
        super(message, null, false, false);
    }
}
