package org.georegistry.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Runs a synchronization configuration through the REST API, as "Run now" does, and waits for its job. */
final class Jobs {

    private Jobs() {}

    /** Called while the job runs with its progress (processed objects). */
    interface Watcher {
        void progress(long processed) throws Exception;
    }

    /** {@code POST /api/sync-configs/{id}/run{query}} then {@code GET /api/jobs/{id}} until it ends. */
    static JsonNode run(Api api, long config, String query, Watcher watcher) throws Exception {
        long id = api.post("/api/sync-configs/" + config + "/run" + query, "").path("id").asLong();
        while (true) {
            JsonNode job = api.get("/api/jobs/" + id);
            if (job.path("finished").isTextual()) {
                return "SUCCESS".equals(job.path("status").asText()) ? job : ((ObjectNode) job).set("errors",
                        api.get("/api/jobs/" + id + "/errors?grouped=true"));
            }
            if (watcher != null) {
                watcher.progress(job.path("processed").asLong());
            }
            Thread.sleep(50);
        }
    }

    static JsonNode run(Api api, long config, String query) throws Exception {
        return run(api, config, query, null);
    }

    /** The job, failing with its errors unless it succeeded. */
    static JsonNode succeeded(JsonNode job) {
        if (!"SUCCESS".equals(job.path("status").asText())) {
            String text = job.toString();
            throw new IllegalStateException("The job did not succeed: " + text.substring(0, Math.min(2000, text.length())));
        }
        return job;
    }

    /**
     * Forces a full collection in the server as a job passes 25, 50 and 75 % of {@code size}: its live heap then
     * (a second or so added to the job's time). {@code live[0]} keeps the highest.
     */
    static Watcher liveHeapSampler(ServerProcess server, long size, long[] live) {
        int[] sampled = {0};
        return processed -> {
            if (sampled[0] < 3 && processed >= size * (sampled[0] + 1L) / 4) {
                sampled[0]++;
                live[0] = Math.max(live[0], server.fullGc());
            }
        };
    }
}
