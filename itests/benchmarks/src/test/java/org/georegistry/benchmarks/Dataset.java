package org.georegistry.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * A five-level hierarchy of {@code total} Geo-Objects with polygon geometry: 1 country, 10 regions, 100 districts,
 * 1,000 chiefdoms and the rest facilities, each a 16-point ring around a spot inside its parent. Loaded through the
 * registry's import endpoint, as a ministry would load its master list.
 */
final class Dataset {

    static final String HIERARCHY = "ADMIN";
    static final List<String> TYPES = List.of("country", "region", "district", "chiefdom", "facility");
    /** Codes are unique across types too: DHIS2 wants unique organisation unit codes. */
    private static final List<String> PREFIXES = List.of("N", "R", "D", "C", "F");
    private static final int[] UPPER = {1, 10, 100, 1000};
    private static final int CHUNK = 20_000;

    private final int total;

    Dataset(int total) {
        if (total <= 1111) {
            throw new IllegalArgumentException("A five-level hierarchy here has more than 1,111 objects");
        }
        this.total = total;
    }

    int count(int level) {
        return level < UPPER.length ? UPPER[level] : total - 1111;
    }

    static String code(int level, int i) {
        return PREFIXES.get(level) + i;
    }

    /** Organization, types (polygon geometry) and the hierarchy. */
    void define(Api api) throws Exception {
        api.post("/api/organizations", "{\"code\":\"moh\",\"label\":\"Ministry of Health\"}");
        StringBuilder nodes = new StringBuilder();
        for (int level = 0; level < TYPES.size(); level++) {
            String type = TYPES.get(level);
            api.post("/api/geo-object-types", "{\"code\":\"" + type + "\",\"organization\":\"moh\",\"label\":\"" + type
                    + "\",\"geometryType\":\"polygon\"}");
            nodes.append(level == 0 ? "" : ",").append("{\"type\":\"").append(type).append("\"")
                    .append(level == 0 ? "" : ",\"parent\":\"" + TYPES.get(level - 1) + "\"").append("}");
        }
        api.post("/api/hierarchies", "{\"code\":\"" + HIERARCHY + "\",\"organization\":\"moh\",\"label\":\"Admin\","
                + "\"nodes\":[" + nodes + "]}");
    }

    /** Every level through {@code POST /api/imports} (GeoJSON, parents by code), in chunks of {@link #CHUNK}. */
    void load(Api api) throws Exception {
        for (int level = 0; level < TYPES.size(); level++) {
            for (int from = 0; from < count(level); from += CHUNK) {
                importChunk(api, level, from, Math.min(count(level), from + CHUNK));
            }
        }
    }

    private void importChunk(Api api, int level, int from, int to) throws Exception {
        ObjectNode body = Api.JSON.createObjectNode();
        ObjectNode config = body.putObject("config").put("format", "geojson").put("type", TYPES.get(level))
                .put("hierarchy", HIERARCHY).put("codeColumn", "code").put("labelColumn", "name");
        if (level > 0) {
            config.putObject("parent").put("strategy", "code").put("column", "parent");
        }
        StringBuilder features = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = from; i < to; i++) {
            double lon = -13 + (i % 997) * 0.003;
            double lat = 7 + (i / 997 % 997) * 0.003;
            features.append(i == from ? "" : ",").append("{\"type\":\"Feature\",\"geometry\":")
                    .append(ring(lon, lat, 0.001 * (5 - level))).append(",\"properties\":{\"code\":\"")
                    .append(code(level, i)).append("\",\"name\":\"").append(TYPES.get(level)).append(' ').append(i)
                    .append('"');
            if (level > 0) {
                features.append(",\"parent\":\"").append(code(level - 1, i % count(level - 1))).append('"');
            }
            features.append("}}");
        }
        body.put("content", features.append("]}").toString());
        String id = api.post("/api/imports", Api.JSON.writeValueAsBytes(body)).path("id").asText();
        ObjectNode result;
        do {
            Thread.sleep(200);
            result = (ObjectNode) api.get("/api/imports/" + id);
        } while (List.of("QUEUED", "RUNNING").contains(result.path("status").asText()));
        if (result.path("created").asInt() + result.path("updated").asInt() != to - from) {
            throw new IOException("Import of " + TYPES.get(level) + " " + from + ".." + to + " did not store every row: "
                    + result.toString().substring(0, Math.min(600, result.toString().length())));
        }
    }

    /** A closed 16-point ring, 6 decimals as GPS data has them. */
    static String ring(double lon, double lat, double radius) {
        ArrayNode ring = Api.JSON.createArrayNode();
        for (int k = 0; k <= 16; k++) {
            double a = 2 * Math.PI * (k % 16) / 16;
            ring.addArray().add(round(lon + radius * Math.cos(a))).add(round(lat + radius * Math.sin(a)));
        }
        return "{\"type\":\"Polygon\",\"coordinates\":[" + ring + "]}";
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
