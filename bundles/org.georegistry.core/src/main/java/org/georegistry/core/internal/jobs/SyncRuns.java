package org.georegistry.core.internal.jobs;

import jakarta.ws.rs.core.Response;
import org.georegistry.core.internal.model.SyncConfig;

/**
 * Running synchronization configurations, for the sync-configs resource: it loads the configuration and checks
 * the caller's permissions, then hands over here. Implemented by the job engine.
 */
public interface SyncRuns {

    /**
     * {@code POST /api/sync-configs/{id}/run}: queues a job and answers 202 with it; 409 when a job of this
     * configuration is queued or running; 409 when the provider of the system's type is not installed.
     *
     * @param username who asked, recorded on the job
     * @param dryRun validate and report without changing the external system
     * @param full ignore the last successful run and process everything
     */
    Response run(SyncConfig config, String username, boolean dryRun, boolean full);

    /** {@code GET /api/sync-configs/{id}/jobs}: the configuration's jobs, newest first, as {items,page,pageSize,total}. */
    Object history(SyncConfig config, int page, int pageSize);

    /** Whether a job of this configuration is queued or running (a configuration in use is not deleted). */
    boolean busy(long configId);
}
