package org.georegistry.core.internal.model;

import java.time.Instant;

/**
 * A synchronization job as stored and shown.
 *
 * @param total -1 while unknown
 * @param changedSince the instant an incremental run started from, null for a full run
 */
public record Job(
        long id,
        long configId,
        JobStatus status,
        String stage,
        long processed,
        long total,
        long errors,
        long warnings,
        boolean dryRun,
        boolean fullRun,
        Instant changedSince,
        String message,
        String createdBy,
        Instant created,
        Instant started,
        Instant finished) {}
