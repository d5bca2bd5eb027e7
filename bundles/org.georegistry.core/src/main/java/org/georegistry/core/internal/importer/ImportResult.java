package org.georegistry.core.internal.importer;

import java.time.Instant;
import java.util.List;

/**
 * An import job as clients see it.
 *
 * @param status RUNNING, COMPLETED or FAILED (FAILED: the job itself broke; invalid rows only count as failed)
 * @param errors per-row errors, the first {@link Importer#MAX_REPORTED_ERRORS}
 */
public record ImportResult(
        String id,
        String type,
        String status,
        Instant submitted,
        Instant finished,
        int rows,
        int created,
        int updated,
        int skipped,
        int failed,
        List<RowError> errors,
        String message) {

    /** One bad row: its number in the file, the column at fault (if known) and why. */
    public record RowError(int row, String column, String message) {}
}
