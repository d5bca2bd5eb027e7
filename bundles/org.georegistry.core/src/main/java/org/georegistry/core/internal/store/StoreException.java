package org.georegistry.core.internal.store;

import java.sql.SQLException;

/** A database failure the caller did not expect; unique-key violations are reported as {@link DuplicateException}. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public StoreException(String message) {
        super(message);
    }

    /**
     * Whether an SQL failure is a unique or primary key violation (SQLState 23505 on H2 and PostgreSQL), also when
     * a batch reports it as its next exception.
     */
    public static boolean isDuplicate(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getNextException() != null && isDuplicate(e.getNextException());
    }
}
