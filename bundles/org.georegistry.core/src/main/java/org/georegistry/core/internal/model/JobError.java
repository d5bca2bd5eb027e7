package org.georegistry.core.internal.model;

import java.time.Instant;

/** One per-object problem a job recorded. */
public record JobError(
        long id,
        long jobId,
        String typeCode,
        String objectCode,
        String severity,
        String code,
        String message,
        String submitted,
        String response,
        Instant created) {}
