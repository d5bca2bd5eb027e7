package org.georegistry.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.dhis2.OrgUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's numbers for the DHIS2 provider, end to end through the real server: a five-level hierarchy with polygon
 * geometry, loaded through the import endpoint, pushed to the emulator by a full export ({@code POST
 * /api/sync-configs/{id}/run?full=true} until the job ends), compared with the emulator's raw intake of the same
 * units posted directly in the same batches; the server's peak heap during the export (GC log, fixed -Xmx); and a
 * rerun with nothing changed. Prints a table and writes {@code target/benchmarks/dhis2-export.{json,md}}; asserts
 * only that the work was done, never a time.
 */
class Dhis2ExportBenchmark {

    private static final int BATCH = 1000;
    private static final String JAVA_OPTS = "-Xmx1g";
    private static final String IMPORT_PATH = "/api/metadata?importStrategy=CREATE_AND_UPDATE&atomicMode=NONE"
            + "&importReportMode=FULL&identifier=UID";

    /**
     * @param heapBeforeGcMb the most heap in use the GC log shows during the export (garbage included)
     * @param liveHeapMb the most heap in use after a full collection, taken at 0, 25, 50, 75 and 100 % of the export
     */
    record Figures(int objects, double loadSeconds, double exportSeconds, double rawSeconds, long heapBeforeGcMb,
            long liveHeapMb, double rerunSeconds, long rerunProcessed) {

        double ratio() {
            return rawSeconds / exportSeconds;
        }
    }

    @Test
    void exportToDhis2() throws Exception {
        Path archive = Path.of(System.getProperty("bench.distribution"));
        Path feature = Path.of(System.getProperty("bench.feature"));
        Path output = Path.of(System.getProperty("bench.output", "target/benchmarks"));
        List<Figures> figures = new ArrayList<>();
        for (String size : System.getProperty("bench.sizes", "10000,100000").split(",")) {
            figures.add(run(Integer.parseInt(size.trim()), archive, feature, output.resolve("work-" + size.trim())));
        }
        report(figures, output);
    }

    private Figures run(int size, Path archive, Path feature, Path work) throws Exception {
        deleteTree(work);
        String jfr = Boolean.getBoolean("bench.jfr")
                ? " -XX:StartFlightRecording=filename=" + work.resolve("server.jfr") + ",settings=profile" : "";
        try (ServerProcess server = ServerProcess.start(archive, work, JAVA_OPTS + jfr);
                Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            Api api = server.api();
            server.deploy(feature);
            Dataset data = new Dataset(size);
            data.define(api);
            long start = System.nanoTime();
            data.load(api);
            double load = seconds(start);
            awaitProvider(api);
            api.post("/api/external-systems", "{\"id\":\"dhis2\",\"type\":\"dhis2\",\"organization\":\"moh\","
                    + "\"label\":\"DHIS2\",\"settings\":{\"url\":\"" + dhis2.baseUrl() + "\",\"username\":\"admin\","
                    + "\"password\":\"district\"}}");
            StringBuilder levels = new StringBuilder();
            for (String type : Dataset.TYPES) {
                levels.append(levels.length() == 0 ? "" : ",").append("{\"type\":\"").append(type)
                        .append("\",\"syncType\":\"ALL\"}");
            }
            long config = api.post("/api/sync-configs", "{\"label\":\"To DHIS2\",\"externalSystem\":\"dhis2\","
                    + "\"direction\":\"EXPORT\",\"hierarchy\":\"ADMIN\",\"settings\":{\"hierarchy\":\"ADMIN\","
                    + "\"levels\":[" + levels + "]}}").path("id").asLong();

            warmUp();
            long[] live = {server.fullGc()}; // the import's garbage is not the export's heap
            long mark = server.gcMark();
            start = System.nanoTime();
            JsonNode job = runJob(api, config, "?full=true", size, server, live);
            double export = seconds(start);
            live[0] = Math.max(live[0], server.fullGc());
            ServerProcess.HeapPeak heap = server.heapPeakSince(mark);
            assertEquals("SUCCESS", job.path("status").asText(), job.toString());
            assertEquals(size, dhis2.store().organisationUnitCount());

            start = System.nanoTime();
            JsonNode rerun = runJob(api, config, "", size, null, null);
            double rerunSeconds = seconds(start);
            assertEquals("SUCCESS", rerun.path("status").asText(), rerun.toString());

            double raw = rawIntake(dhis2.store().organisationUnits());
            return new Figures(size, load, export, raw, heap.beforeGcMb(), live[0], rerunSeconds,
                    rerun.path("processed").asLong());
        }
    }

    private static void awaitProvider(Api api) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (api.status("/api/providers/dhis2") != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The DHIS2 provider did not appear");
            }
            Thread.sleep(100);
        }
    }

    /**
     * Runs a configuration until its job ends. With a server, samples its live heap (full collection) as the job
     * passes 25, 50 and 75 % of {@code size}: a second or so added to the export's time.
     */
    private static JsonNode runJob(Api api, long config, String query, int size, ServerProcess server, long[] live)
            throws Exception {
        long id = api.post("/api/sync-configs/" + config + "/run" + query, "").path("id").asLong();
        int sampled = 0;
        while (true) {
            JsonNode job = api.get("/api/jobs/" + id);
            if (server != null && sampled < 3 && job.path("processed").asLong() >= size * (sampled + 1L) / 4) {
                sampled++;
                live[0] = Math.max(live[0], server.fullGc());
            }
            if (job.path("finished").isTextual()) {
                return "SUCCESS".equals(job.path("status").asText()) ? job : ((ObjectNode) job).set("errors",
                        api.get("/api/jobs/" + id + "/errors?grouped=true"));
            }
            Thread.sleep(50);
        }
    }

    /**
     * The emulator runs in this JVM: its import path is compiled before the export is timed, as it is before the
     * raw intake, so that the two compare DHIS2-side work done at the same speed.
     */
    private static void warmUp() throws Exception {
        List<OrgUnit> units = new ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode ring = Api.JSON.readTree(Dataset.ring(-12, 8, 0.01));
        for (int i = 0; i < 5000; i++) {
            String id = String.format("W%010d", i);
            units.add(new OrgUnit(id, "W" + i, "Warm-up " + i, "Warm-up " + i, null, "2020-01-01T00:00:00.000", null,
                    i == 0 ? null : "W0000000000", null, i == 0 ? 1 : 2, ring, null, null, List.of(), List.of(), null,
                    null, null));
        }
        rawIntake(units);
    }

    /**
     * The same units, level by level in batches of {@value #BATCH}, posted straight to a fresh emulator: what DHIS2
     * itself needs, the floor for the export.
     */
    private static double rawIntake(List<OrgUnit> units) throws Exception {
        List<OrgUnit> sorted = new ArrayList<>(units);
        sorted.sort(Comparator.comparingInt(OrgUnit::level));
        List<byte[]> batches = new ArrayList<>();
        ArrayNode batch = Api.JSON.createArrayNode();
        int level = sorted.isEmpty() ? 0 : sorted.get(0).level();
        for (OrgUnit unit : sorted) {
            if (batch.size() == BATCH || unit.level() != level) {
                batches.add(body(batch));
                batch = Api.JSON.createArrayNode();
                level = unit.level();
            }
            ObjectNode node = batch.addObject().put("id", unit.id()).put("name", unit.name())
                    .put("shortName", unit.shortName()).put("code", unit.code()).put("openingDate", unit.openingDate());
            if (unit.parentId() != null) {
                node.putObject("parent").put("id", unit.parentId());
            }
            node.set("geometry", unit.geometry());
        }
        batches.add(body(batch));
        try (Dhis2Emulator fresh = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            Api api = new Api(fresh.baseUrl(), "admin", "district");
            long start = System.nanoTime();
            for (byte[] body : batches) {
                int status = api.postStatus(IMPORT_PATH, body);
                if (status != 200) {
                    throw new IllegalStateException("Raw intake answered " + status);
                }
            }
            double seconds = seconds(start);
            assertEquals(units.size(), fresh.store().organisationUnitCount());
            return seconds;
        }
    }

    private static byte[] body(ArrayNode units) throws Exception {
        ObjectNode body = Api.JSON.createObjectNode();
        body.set("organisationUnits", units);
        return Api.JSON.writeValueAsBytes(body);
    }

    private static void report(List<Figures> figures, Path output) throws Exception {
        Files.createDirectories(output);
        Figures small = figures.get(0);
        Figures large = figures.get(figures.size() - 1);
        double heapRatio = (double) large.liveHeapMb() / Math.max(1, small.liveHeapMb());
        StringBuilder md = new StringBuilder("# DHIS2 export benchmark\n\n")
                .append("Live heap: the heap in use after a full collection (jcmd GC.run) before the export, at 25, 50"
                        + " and 75 % of it and after it; heap in use: the most the GC log shows during the export.\n\n")
                .append("Five-level hierarchy with polygon geometry, loaded through `POST /api/imports`, exported to the"
                        + " DHIS2 emulator (2.40) by the server (`bin/georegistry`, ").append(JAVA_OPTS).append(").\n\n")
                .append("| objects | load (import API) s | export s | units/s | raw intake s | export vs raw | "
                        + "peak live heap MB | peak heap in use MB | rerun s (processed) |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Figures f : figures) {
            md.append(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %,.0f | %.1f | %.2f | %d | %d | %.2f (%d) |%n",
                    f.objects(), f.loadSeconds(), f.exportSeconds(), f.objects() / f.exportSeconds(), f.rawSeconds(),
                    f.ratio(), f.liveHeapMb(), f.heapBeforeGcMb(), f.rerunSeconds(), f.rerunProcessed()));
        }
        md.append(String.format(Locale.ROOT, "%nTargets (issue 5), for %,d objects: export %.1f s (≤ 60 s: %s); export"
                + " %.2f× the raw intake (≥ 0.8: %s); peak live heap %,d vs %,d objects %.2f× (≤ 1.5: %s); rerun"
                + " with nothing changed %.2f s (≤ 5 s: %s).%n", large.objects(), large.exportSeconds(),
                met(large.exportSeconds() <= 60), large.ratio(), met(large.ratio() >= 0.8), large.objects(),
                small.objects(), heapRatio, met(heapRatio <= 1.5), large.rerunSeconds(), met(large.rerunSeconds() <= 5)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", figures);
        json.put("heapRatio", heapRatio);
        json.put("javaOpts", JAVA_OPTS);
        Files.writeString(output.resolve("dhis2-export.md"), md, StandardCharsets.UTF_8);
        Files.write(output.resolve("dhis2-export.json"), Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        System.out.println(md);
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path root) throws Exception {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
