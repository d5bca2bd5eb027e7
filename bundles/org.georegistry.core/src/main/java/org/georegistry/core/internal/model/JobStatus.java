package org.georegistry.core.internal.model;

/** Where a sync job is. The last four are final. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCESS,
    WARNING,
    FAILURE,
    CANCELLED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }
}
