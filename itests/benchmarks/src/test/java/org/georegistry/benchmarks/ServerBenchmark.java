package org.georegistry.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.georegistry.itests.fhir.FhirTestServer;
import org.junit.jupiter.api.Test;

/**
 * The whole server against its limits, in one run and one table: for each size (10,000 and 100,000 by default) a
 * fresh server from the distribution archive, its provider features hot-deployed, the hierarchy imported, then DHIS2
 * (full push vs the emulator's raw intake, reruns), FHIR Generate Bundle; on the first size also Reveal, a FHIR push
 * vs HAPI's client and the restart time; on the last the REST read throughput. Asserts only that the work was done,
 * never a time: the targets are reported.
 */
class ServerBenchmark {

    /** The server's JAVA_OPTS; {@code -Dbench.javaOpts} replaces them for an experiment. */
    static final String JAVA_OPTS = System.getProperty("bench.javaOpts", "-Xmx1g");

    private final Path archive = Path.of(System.getProperty("bench.distribution"));
    private final Path output = Path.of(System.getProperty("bench.output", "target"));
    private final Path seed = Path.of(System.getProperty("bench.dhis2.seed", "target/test-classes/dhis2-seed.json"));
    private final int fhirPush = Integer.getInteger("bench.fhir.push", 10_000);
    /** {@code -Dbench.dhis2.import=false} skips the DHIS2 import. */
    private final boolean dhis2Import = Boolean.parseBoolean(System.getProperty("bench.dhis2.import", "true"));
    private final int readSeconds = Integer.getInteger("bench.reads.seconds", 10);
    private final Map<Integer, Long> dhis2LiveHeap = new LinkedHashMap<>();

    @Test
    void wholeServer() throws Exception {
        long start = System.nanoTime();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("machine", Machine.describe());
        run.put("loadAverageStart", Machine.loadAverage());
        run.put("javaOpts", JAVA_OPTS);
        List<Integer> sizes = new ArrayList<>(Arrays.stream(System.getProperty("bench.sizes", "10000,100000").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList());
        if (!System.getProperty("bench.large", "").isBlank()) {
            sizes.add(Integer.parseInt(System.getProperty("bench.large").trim()));
        }
        run.put("sizes", sizes);
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            figures.addAll(size(sizes.get(i), i == 0, i == sizes.size() - 1));
        }
        figures.add(heapRatio());
        run.put("loadAverageEnd", Machine.loadAverage());
        run.put("totalSeconds", Bench.seconds(start));
        Report.write(output, run, figures);
    }

    /** One fresh server holding {@code size} objects. */
    private List<Figure> size(int size, boolean first, boolean last) throws Exception {
        List<Figure> figures = new Progress(size);
        Path work = output.resolve("bench-work/" + size);
        Bench.deleteTree(work);
        Path home = ServerProcess.extract(archive, work);
        try (ServerProcess server = ServerProcess.start(home, javaOpts(work, "server"))) {
            if (first) {
                figures.add(Figure.of("Server first start to ready (no CDS archive yet)", 0, server.readySeconds, null)
                        .note(String.format(Locale.ROOT, "/api/health 200 at %.2f s", server.healthSeconds)));
            }
            figures.addAll(deploy(server, first));
            Api api = server.api();
            Dataset data = new Dataset("", size);
            data.define(api);
            Loader loader = new Loader(api, data);
            long mark = server.gcMark();
            long start = System.nanoTime();
            loader.load();
            double seconds = Bench.seconds(start);
            start = System.nanoTime();
            int localized = loader.localizeLabels();
            figures.add(Figure.of("Import of the hierarchy (POST /api/imports)", size, seconds,
                    server.heapPeakSince(mark)).note(String.format(Locale.ROOT, "GeoJSON areas, CSV"
                            + " facilities, 20,000 rows a file; then %,d labels localized by PUT in %.1f s", localized,
                            Bench.seconds(start))));

            try (Dhis2Bench dhis2 = new Dhis2Bench(server, data, seed)) {
                dhis2.configure();
                List<Figure> push = dhis2.fullPush();
                figures.addAll(push);
                dhis2LiveHeap.put(size, push.get(2).heapLiveMb());
                Figure unchanged = dhis2.rerun("DHIS2 re-run, nothing changed");
                figures.add(unchanged.atMost("≤ 5 s", "%.2f s", unchanged.seconds(), 5));
                int renamed = loader.renameFacilities(size / 100);
                figures.add(dhis2.rerun("DHIS2 re-run, 1 % changed").note(String.format(Locale.ROOT,
                        "%,d facilities renamed by a CSV re-import", renamed)));
                if (dhis2Import) {
                    figures.add(dhis2.importAll());
                }
            }

            FhirBench fhir = new FhirBench(server);
            figures.add(fhir.generateBundle(fhir.configure("fhir-bundle", "http://127.0.0.1:9/fhir", data), data));
            if (first) {
                figures.add(RevealBench.push(server, data));
                if (fhirPush > 0) {
                    figures.addAll(fhirPush(server, fhir, data));
                }
            }
            if (last) {
                figures.addAll(reads(api, data));
            }
        }
        if (first) {
            // deploy/ gained three features since the first start recorded its archive: this restart maps none and
            // records one that holds them (a one-time cost, like the first start's)
            try (ServerProcess server = ServerProcess.start(home, javaOpts(work, "restart-recording"))) {
                figures.add(Figure.of("Server restart after deploy/ changed (records a new CDS archive)", 0,
                        server.readySeconds, null).note(String.format(Locale.ROOT, "/api/health 200 at %.2f s;"
                                + " archive recorded %.1f s after ready", server.healthSeconds,
                                server.awaitClassDataArchive())));
            }
            try (ServerProcess server = ServerProcess.start(home, javaOpts(work, "restart"))) {
                figures.add(Figure.of("Server start to ready (restart, CDS archive present)", 0, server.readySeconds,
                        null).atMost("≤ 3 s", "%.2f s", server.readySeconds, 3).note(String.format(
                                Locale.ROOT, "bin/georegistry to /api/me 200 with %,d objects and 3 features;"
                                        + " /api/health 200 at %.2f s", size, server.healthSeconds)));
            }
        }
        return new ArrayList<>(figures);
    }

    /** With {@code -Dbench.jfr=true} the server also records a profile, {@code bench-work/<size>/<name>.jfr}. */
    private static String javaOpts(Path work, String name) {
        return JAVA_OPTS + (Boolean.getBoolean("bench.jfr") ? " -XX:StartFlightRecording=filename="
                + work.resolve(name + ".jfr") + ",settings=profile" : "");
    }

    /** Prints each figure as it comes: a long run shows where it is. */
    private static final class Progress extends ArrayList<Figure> {
        private final long start = System.nanoTime();
        private final int size;

        Progress(int size) {
            this.size = size;
        }

        @Override
        public boolean add(Figure f) {
            System.out.printf(Locale.ROOT, "BENCH [%,d objects, +%.0f s] %s: %.2f s%s%n", size, Bench.seconds(start),
                    f.name(), f.seconds(), f.perSecond() == null ? "" : String.format(Locale.ROOT, ", %,.0f/s",
                            f.perSecond()));
            return super.add(f);
        }

        @Override
        public boolean addAll(java.util.Collection<? extends Figure> figures) {
            figures.forEach(this::add);
            return !figures.isEmpty();
        }
    }

    /**
     * On the first server each feature alone, 2 s apart, once the first start's class-data archive is recorded (the
     * steady case: the recording stops the JVM for a second or two); on the others all three dropped at once, which
     * shows what an administrator copying several features sees.
     */
    private List<Figure> deploy(ServerProcess server, boolean first) throws Exception {
        Map<String, Path> features = new LinkedHashMap<>();
        for (String type : List.of("dhis2", "fhir", "reveal")) {
            features.put(type, Path.of(System.getProperty("bench.feature." + type)));
        }
        List<Figure> figures = new ArrayList<>();
        if (!first) {
            double seconds = server.deploy(features);
            figures.add(Figure.of("Hot deploy of dhis2, fhir and reveal dropped at once, all visible", 0, seconds, null)
                    .note("folders moved into deploy/ one after the other until /api/providers/{type} answers 200"));
            return figures;
        }
        double waited = server.awaitClassDataArchive();
        for (Map.Entry<String, Path> feature : features.entrySet()) {
            Thread.sleep(2000);
            double seconds = server.deploy(Map.of(feature.getKey(), feature.getValue()));
            figures.add(Figure.of("Hot deploy of the " + feature.getKey() + " feature to visible", 0, seconds, null)
                    .atMost("≤ 2 s", "%.2f s", seconds, 2).note(String.format(Locale.ROOT, "folder moved into"
                            + " deploy/ until /api/providers/%s answers 200; after the first start's class-data"
                            + " archive was recorded (%.1f s after ready)", feature.getKey(), waited)));
        }
        return figures;
    }

    /**
     * The FHIR push of the first server's hierarchy, or with {@code -Dbench.fhir.push=N} of another size, of a
     * hierarchy of its own.
     */
    private List<Figure> fhirPush(ServerProcess server, FhirBench fhir, Dataset data) throws Exception {
        long start = System.nanoTime();
        try (FhirTestServer hapi = FhirTestServer.start(0)) {
            double hapiStart = Bench.seconds(start);
            Dataset pushed = data;
            if (fhirPush != data.total()) {
                pushed = new Dataset("p", fhirPush);
                pushed.define(server.api());
                new Loader(server.api(), pushed).load();
            }
            List<Figure> figures = fhir.push(hapi.baseUrl(), pushed);
            Figure imported = fhir.importBack(hapi.baseUrl(), pushed, Path.of(System.getProperty("bench.feature.mcsd")));
            return List.of(figures.get(0).note(String.format(Locale.ROOT, "HAPI started in %.0f s%s", hapiStart,
                    pushed == data ? "" : "; a hierarchy of its own (-Dbench.fhir.push)")), figures.get(1), imported);
        }
    }

    private List<Figure> reads(Api api, Dataset data) throws Exception {
        int facilities = data.count(Dataset.FACILITY);
        int pages = facilities / 50;
        Figure get = RestReads.measure("REST GET one Geo-Object", api, data.total(),
                n -> "/api/geo-objects/" + data.type(Dataset.FACILITY) + "/" + data.code(Dataset.FACILITY,
                        (int) (n % facilities)), readSeconds, readSeconds);
        Figure list = RestReads.measure("REST list, a page of 50", api, data.total(),
                n -> "/api/geo-objects?type=" + data.type(Dataset.FACILITY) + "&pageSize=50&page=" + (1 + n % pages), 5,
                readSeconds);
        return List.of(get.atLeast("≥ 2,000 req/s", "%,.0f req/s", get.perSecond(), 2000), list);
    }

    /** The DHIS2 push's live heap at the largest size against the smallest (100,000 vs 10,000 by default). */
    private Figure heapRatio() {
        List<Integer> sizes = new ArrayList<>(dhis2LiveHeap.keySet());
        int small = sizes.contains(10_000) ? 10_000 : sizes.get(0);
        int large = sizes.contains(100_000) ? 100_000 : sizes.get(sizes.size() - 1);
        double ratio = dhis2LiveHeap.get(large) / (double) Math.max(1, dhis2LiveHeap.get(small));
        return Figure.of(String.format(Locale.ROOT, "DHIS2 push live heap, %,d vs %,d objects", large, small),
                large, 0, null).heapLive(dhis2LiveHeap.get(large)).atMost("≤ 1.5×", "%.2f×", ratio, 1.5)
                .note(dhis2LiveHeap.get(large) + " MB vs " + dhis2LiveHeap.get(small) + " MB");
    }
}
