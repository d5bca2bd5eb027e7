package org.georegistry.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads a {@link Dataset} as a ministry loads its master list: areas level by level as GeoJSON files, facilities as
 * a CSV file, each uploaded to {@code POST /api/imports} (parents by code) in files of {@value #CHUNK} rows.
 */
final class Loader {

    private static final int CHUNK = 20_000;

    private final Api api;
    private final Dataset data;

    Loader(Api api, Dataset data) {
        this.api = api;
        this.data = data;
    }

    /** Every object, parents first. */
    void load() throws Exception {
        for (int level = 0; level < Dataset.FACILITY; level++) {
            for (int[] c : Dataset.chunks(data.count(level), CHUNK)) {
                run(config(level, "geojson"), "application/geo+json", data.areaFeatures(level, c[0], c[1]), c[1] - c[0]);
            }
        }
        for (int[] c : Dataset.chunks(data.count(Dataset.FACILITY), CHUNK)) {
            facilities(c[0], c[1], 1, "");
        }
    }

    /** Re-imports about {@code count} facilities, spread evenly, with a new name; answers how many changed. */
    int renameFacilities(int count) throws Exception {
        int step = Math.max(1, data.count(Dataset.FACILITY) / count);
        int changed = 0;
        for (int[] c : Dataset.chunks(data.count(Dataset.FACILITY), CHUNK * step)) {
            changed += facilities(c[0], c[1], step, " (renamed)");
        }
        return changed;
    }

    private int facilities(int from, int to, int step, String suffix) throws Exception {
        StringBuilder csv = new StringBuilder(Dataset.FACILITY_HEADER).append('\n');
        int rows = 0;
        for (int i = from; i < to; i += step) {
            csv.append(data.facilityRow(i, suffix)).append('\n');
            rows++;
        }
        ObjectNode config = config(Dataset.FACILITY, "csv");
        config.putObject("geometry").put("kind", "latlon").put("latColumn", "lat").put("lonColumn", "lon");
        run(config, "text/csv", csv.toString(), rows);
        return rows;
    }

    /** Gives the upper levels their labels in en, fr and pt (the import carries one label): a PUT each, 4 at a time. */
    int localizeLabels() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int level = 0; level < Dataset.LOCALIZED_LEVELS; level++) {
                for (int i = 0; i < data.count(level); i++) {
                    int l = level;
                    int n = i;
                    puts.add(pool.submit(() -> api.put("/api/geo-objects/" + data.type(l) + "/" + data.code(l, n),
                            Api.JSON.writeValueAsBytes(data.localizedArea(l, n)))));
                }
            }
            for (Future<?> put : puts) {
                put.get();
            }
            return puts.size();
        } finally {
            pool.shutdownNow();
        }
    }

    private ObjectNode config(int level, String format) {
        ObjectNode config = Api.JSON.createObjectNode().put("format", format).put("type", data.type(level))
                .put("hierarchy", data.hierarchy()).put("codeColumn", "code").put("labelColumn", "name");
        ObjectNode attributes = config.putObject("attributes");
        List<String> columns = level == Dataset.FACILITY
                ? List.of("beds", "altitude", "opened", "electricity", "phone", "local_name", "ownership", "kind")
                : List.of("population", "area_km2", "official_name", "census_date", "urban");
        columns.forEach(c -> attributes.put(c, c));
        if (level > 0) {
            config.putObject("parent").put("strategy", "code").put("column", "parent");
        }
        return config;
    }

    private void run(ObjectNode config, String contentType, String content, int rows) throws Exception {
        String query = URLEncoder.encode(Api.JSON.writeValueAsString(config), StandardCharsets.UTF_8);
        String id = api.postFile("/api/imports?config=" + query, contentType, content).path("id").asText();
        JsonNode result;
        do {
            Thread.sleep(50);
            result = api.get("/api/imports/" + id);
        } while (List.of("QUEUED", "RUNNING").contains(result.path("status").asText()));
        if (result.path("created").asInt() + result.path("updated").asInt() != rows) {
            String text = result.toString();
            throw new IOException("Import of " + config.path("type").asText() + " stored "
                    + (result.path("created").asInt() + result.path("updated").asInt()) + " of " + rows + " rows: "
                    + text.substring(0, Math.min(800, text.length())));
        }
    }
}
