package org.georegistry.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A realistic hierarchy of {@code total} Geo-Objects, generated the same way every time: country > region >
 * district > sub-district > facility. Areas are polygons of 24 to 64 vertices nested inside their parent's polygon,
 * facilities are points inside their sub-district. Every object has custom attributes of each value type (text,
 * localized text, boolean, date, integer, decimal, and two term lists); labels of the upper levels are localized
 * (en, fr, pt). Shape for {@code n} objects: max(4, n/5000) regions, n/100 districts, n/10 sub-districts, the rest
 * facilities (100,000: 1 / 20 / 1,000 / 10,000 / 88,979).
 */
final class Dataset {

    static final List<String> TYPES = List.of("country", "region", "district", "subdistrict", "facility");
    static final int FACILITY = 4;
    /** Codes are unique across types too (DHIS2 wants unique organisation unit codes). */
    private static final List<String> PREFIXES = List.of("N", "R", "D", "S", "F");
    private static final List<String> NAMES = List.of("Country", "Region", "District", "Sub-district", "Facility");
    private static final List<String> NOMS = List.of("Pays", "Région", "District", "Sous-district", "Formation sanitaire");
    private static final List<String> NOMES = List.of("País", "Região", "Distrito", "Subdistrito", "Unidade de saúde");
    private static final int[] VERTICES = {64, 48, 32, 24};
    static final List<String> OWNERSHIP = List.of("PUBLIC", "PRIVATE", "FAITH");
    static final List<String> KIND = List.of("HOSPITAL", "HEALTH_CENTRE", "HEALTH_POST");
    /** The levels whose labels are localized after the import (it carries one label per row). */
    static final int LOCALIZED_LEVELS = 3;

    private final String prefix;
    private final int[] counts;
    /** Per area level: each object's cell (x, y, side) in degrees; facilities are placed on the fly. */
    private final double[][][] cells = new double[4][][];

    /**
     * @param prefix put before type, hierarchy and object codes, so that several datasets live in one registry
     */
    Dataset(String prefix, int total) {
        if (total < 1000) {
            throw new IllegalArgumentException("Use at least 1,000 objects");
        }
        this.prefix = prefix;
        int regions = Math.max(4, total / 5000);
        this.counts = new int[] {1, regions, total / 100, total / 10, total - 1 - regions - total / 100 - total / 10};
        cells[0] = new double[][] {{-13, 4, 8}};
        for (int level = 1; level < 4; level++) {
            cells[level] = new double[counts[level]][];
            for (int i = 0; i < counts[level]; i++) {
                cells[level][i] = cell(level, i);
            }
        }
    }

    int total() {
        int sum = 0;
        for (int c : counts) {
            sum += c;
        }
        return sum;
    }

    int count(int level) {
        return counts[level];
    }

    String type(int level) {
        return prefix + TYPES.get(level);
    }

    List<String> types() {
        return TYPES.stream().map(t -> prefix + t).toList();
    }

    String hierarchy() {
        return prefix + "ADMIN";
    }

    String code(int level, int i) {
        return prefix + PREFIXES.get(level) + i;
    }

    int parentIndex(int level, int i) {
        return i % counts[level - 1];
    }

    String label(int level, int i) {
        return NAMES.get(level) + " " + i;
    }

    /** en, fr and pt labels besides the default. */
    ObjectNode localizedLabel(int level, int i) {
        return Api.JSON.createObjectNode().put("default", label(level, i)).put("en", label(level, i))
                .put("fr", NOMS.get(level) + " " + i).put("pt", NOMES.get(level) + " " + i);
    }

    /** The cell of an area: its slot in a square grid inside its parent's cell. */
    private double[] cell(int level, int i) {
        double[] parent = cells[level - 1][parentIndex(level, i)];
        int perParent = (counts[level] + counts[level - 1] - 1) / counts[level - 1];
        int grid = (int) Math.ceil(Math.sqrt(perParent));
        int slot = i / counts[level - 1];
        double side = parent[2] / grid;
        return new double[] {parent[0] + (slot % grid) * side, parent[1] + (slot / grid) * side, side};
    }

    /** A closed ring around the cell's square (90 % of it), vertices spread along the sides and moved in a little. */
    JsonNode polygon(int level, int i) {
        double[] c = cells[level][i];
        int n = VERTICES[level];
        double margin = c[2] * 0.05;
        double side = c[2] - 2 * margin;
        ArrayNode ring = Api.JSON.createArrayNode();
        for (int k = 0; k <= n; k++) {
            double t = (k % n) * 4.0 / n; // position along the perimeter, 0..4 sides
            int edge = (int) t;
            double f = t - edge;
            double inset = (((k % n) * 7919 + i * 31) % 17) / 17.0 * margin * 0.8;
            double x;
            double y;
            switch (edge) {
                case 0 -> { x = f * side; y = inset; }
                case 1 -> { x = side - inset; y = f * side; }
                case 2 -> { x = side - f * side; y = side - inset; }
                default -> { x = inset; y = side - f * side; }
            }
            ring.addArray().add(round(c[0] + margin + x)).add(round(c[1] + margin + y));
        }
        ObjectNode geometry = Api.JSON.createObjectNode().put("type", "Polygon");
        geometry.putArray("coordinates").add(ring);
        return geometry;
    }

    /** A facility: a point in its own slot of its sub-district's cell. */
    double[] point(int i) {
        double[] c = cells[3][parentIndex(FACILITY, i)];
        int perParent = (counts[4] + counts[3] - 1) / counts[3];
        int grid = (int) Math.ceil(Math.sqrt(perParent));
        int slot = i / counts[3];
        double step = c[2] * 0.9 / grid;
        return new double[] {round(c[0] + c[2] * 0.05 + (slot % grid + 0.5) * step),
            round(c[1] + c[2] * 0.05 + (slot / grid + 0.5) * step)};
    }

    /** An area's attribute values, as JSON (an import's GeoJSON properties and a PUT body take them alike). */
    ObjectNode areaAttributes(int level, int i) {
        ObjectNode a = Api.JSON.createObjectNode();
        a.put("population", 1000L * (50 + (i * 37L) % 900) * (5 - level));
        a.put("area_km2", Math.round(cells[level][i][2] * cells[level][i][2] * 12_321 * 100) / 100.0);
        a.putObject("official_name").put("default", "Official " + label(level, i))
                .put("fr", NOMS.get(level) + " officiel " + i).put("pt", NOMES.get(level) + " oficial " + i);
        a.put("census_date", String.format(Locale.ROOT, "2%03d-%02d-%02d", 10 + i % 15, 1 + i % 12, 1 + i % 28));
        a.put("urban", i % 3 == 0);
        return a;
    }

    /** Header and one CSV row per facility (no quoting needed: no commas in the values). */
    static final String FACILITY_HEADER = "code,name,parent,lat,lon,beds,ownership,kind,opened,electricity,phone,altitude,local_name";

    String facilityRow(int i, String suffix) {
        double[] p = point(i);
        return String.join(",", code(FACILITY, i), label(FACILITY, i) + suffix,
                code(3, parentIndex(FACILITY, i)), Double.toString(p[1]), Double.toString(p[0]),
                Integer.toString(1 + i % 250), OWNERSHIP.get(i % 3), KIND.get(i % 7 == 0 ? 0 : i % 2 + 1),
                String.format(Locale.ROOT, "19%02d-%02d-%02d", 50 + i % 50, 1 + i % 12, 1 + i % 28),
                Boolean.toString(i % 4 != 0), String.format(Locale.ROOT, "+232-%08d", i),
                String.format(Locale.ROOT, "%.1f", 10 + (i % 1200) * 0.5), "Centre de santé " + i);
    }

    /** Organization, the two term lists, the five types with their attributes, and the hierarchy. */
    void define(Api api) throws Exception {
        if (api.status("/api/organizations/moh") != 200) {
            api.post("/api/organizations", "{\"code\":\"moh\",\"label\":\"Ministry of Health\"}");
        }
        classification(api, "ownership", OWNERSHIP);
        classification(api, "kind", KIND);
        StringBuilder nodes = new StringBuilder();
        for (int level = 0; level < TYPES.size(); level++) {
            String attributes = level == FACILITY
                    ? attribute("beds", "integer") + "," + attribute("altitude", "decimal") + ","
                            + attribute("opened", "date") + "," + attribute("electricity", "boolean") + ","
                            + attribute("phone", "text") + "," + attribute("local_name", "localized_text") + ","
                            + term("ownership") + "," + term("kind")
                    : attribute("population", "integer") + "," + attribute("area_km2", "decimal") + ","
                            + attribute("official_name", "localized_text") + "," + attribute("census_date", "date")
                            + "," + attribute("urban", "boolean");
            api.post("/api/geo-object-types", "{\"code\":\"" + type(level) + "\",\"organization\":\"moh\",\"label\":{"
                    + "\"default\":\"" + NAMES.get(level) + "\",\"fr\":\"" + NOMS.get(level) + "\"},\"geometryType\":\""
                    + (level == FACILITY ? "point" : "polygon") + "\",\"attributes\":[" + attributes + "]}");
            nodes.append(level == 0 ? "" : ",").append("{\"type\":\"").append(type(level)).append("\"")
                    .append(level == 0 ? "" : ",\"parent\":\"" + type(level - 1) + "\"").append("}");
        }
        api.post("/api/hierarchies", "{\"code\":\"" + hierarchy() + "\",\"organization\":\"moh\",\"label\":\"Admin\","
                + "\"nodes\":[" + nodes + "]}");
    }

    private void classification(Api api, String code, List<String> terms) throws Exception {
        if (api.status("/api/classifications/" + prefix + code) == 200) {
            return;
        }
        StringBuilder t = new StringBuilder();
        for (String term : terms) {
            t.append(t.length() == 0 ? "" : ",").append("{\"code\":\"").append(term).append("\",\"label\":\"")
                    .append(term.charAt(0)).append(term.substring(1).toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append("\"}");
        }
        api.post("/api/classifications", "{\"code\":\"" + prefix + code + "\",\"organization\":\"moh\",\"label\":\""
                + code + "\",\"terms\":[" + t + "]}");
    }

    private static String attribute(String code, String type) {
        return "{\"code\":\"" + code + "\",\"label\":\"" + code + "\",\"type\":\"" + type + "\"}";
    }

    private String term(String classification) {
        return "{\"code\":\"" + classification + "\",\"label\":\"" + classification + "\",\"type\":\"term\","
                + "\"classification\":\"" + prefix + classification + "\"}";
    }

    /** The GeoJSON features of areas {@code from..to} of a level. */
    String areaFeatures(int level, int from, int to) throws Exception {
        ArrayNode features = Api.JSON.createArrayNode();
        for (int i = from; i < to; i++) {
            ObjectNode f = features.addObject().put("type", "Feature");
            f.set("geometry", polygon(level, i));
            ObjectNode p = f.putObject("properties").put("code", code(level, i)).put("name", label(level, i));
            if (level > 0) {
                p.put("parent", code(level - 1, parentIndex(level, i)));
            }
            p.setAll(areaAttributes(level, i));
        }
        ObjectNode collection = Api.JSON.createObjectNode().put("type", "FeatureCollection");
        collection.set("features", features);
        return Api.JSON.writeValueAsString(collection);
    }

    /** The PUT body that gives an area its localized label (a PUT replaces the object: everything is sent). */
    ObjectNode localizedArea(int level, int i) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.set("label", localizedLabel(level, i));
        body.set("geometry", polygon(level, i));
        body.set("attributes", areaAttributes(level, i));
        if (level > 0) {
            body.putObject("parents").put(hierarchy(), code(level - 1, parentIndex(level, i)));
        }
        return body;
    }

    static List<int[]> chunks(int count, int size) {
        List<int[]> chunks = new ArrayList<>();
        for (int from = 0; from < count; from += size) {
            chunks.add(new int[] {from, Math.min(count, from + size)});
        }
        return chunks;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
