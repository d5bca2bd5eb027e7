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
     * Runs an import configuration to its end, timed, and checks that it processed every object of {@code source}
     * and stored every facility as one of {@code target}'s, under its parent. The note gets the server's CPU.
     */
    static Figure timedImport(ServerProcess server, long config, Dataset source, Dataset target, String name,
            String note) throws Exception {
        Api api = server.api();
        long mark = server.gcMark();
        double cpu = server.cpuSeconds();
        double peerCpu = Machine.processCpuSeconds();
        long start = System.nanoTime();
        JsonNode job = succeeded(run(api, config, "?full=true"));
        double seconds = Bench.seconds(start);
        cpu = server.cpuSeconds() - cpu;
        peerCpu = Machine.processCpuSeconds() - peerCpu;
        String facilities = target.type(Dataset.FACILITY);
        long stored = api.get("/api/geo-objects?type=" + facilities + "&pageSize=1").path("total").asLong();
        JsonNode facility = api.get("/api/geo-objects/" + facilities + "/" + source.code(Dataset.FACILITY, 0));
        if (job.path("processed").asLong() != source.total() || stored != source.count(Dataset.FACILITY)
                || !facility.path("parents").path(0).path("code").asText().equals(source.code(Dataset.FACILITY - 1, 0))) {
            throw new IllegalStateException(name + " processed " + job.path("processed") + " and stored " + stored
                    + " facilities; " + source.code(Dataset.FACILITY, 0) + " is " + facility);
        }
        return Figure.of(name, source.total(), seconds, server.heapPeakSince(mark))
                .note(String.format(java.util.Locale.ROOT, "%s; CPU: server %.1f s, the benchmark's JVM (the peer)"
                        + " %.1f s", note, cpu, peerCpu));
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
