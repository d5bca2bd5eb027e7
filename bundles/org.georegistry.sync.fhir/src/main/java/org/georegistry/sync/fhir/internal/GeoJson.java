package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * What the export needs from a GeoJSON geometry: its type and a representative point (the point itself, or the
 * area-weighted centroid of polygons, or the mean of the vertices of lines and point sets).
 */
final class GeoJson {

    private GeoJson() {}

    /** A parsed geometry; null fields when the text is not a geometry. */
    record Shape(String type, double[] centroid) {

        boolean point() {
            return "Point".equals(type) || "MultiPoint".equals(type);
        }
    }

    static Shape read(ObjectMapper mapper, String geometry) {
        if (geometry == null || geometry.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(geometry);
            String type = node.path("type").asText("");
            return new Shape(type, centroid(type, node.path("coordinates")));
        } catch (IOException e) {
            return null;
        }
    }

    private static double[] centroid(String type, JsonNode c) {
        return switch (type) {
            case "Point" -> c.size() >= 2 ? new double[] {c.get(0).asDouble(), c.get(1).asDouble()} : null;
            case "MultiPoint", "LineString" -> mean(c);
            case "MultiLineString" -> mean(flatten(c));
            case "Polygon" -> polygons(new JsonNode[] {c});
            case "MultiPolygon" -> {
                JsonNode[] all = new JsonNode[c.size()];
                for (int i = 0; i < c.size(); i++) {
                    all[i] = c.get(i);
                }
                yield polygons(all);
            }
            default -> null;
        };
    }

    /** Area-weighted centroid of the polygons' outer rings, or the vertices' mean when they have no area. */
    private static double[] polygons(JsonNode[] polygons) {
        double area = 0;
        double x = 0;
        double y = 0;
        for (JsonNode polygon : polygons) {
            JsonNode ring = polygon.path(0);
            for (int i = 0; i + 1 < ring.size(); i++) {
                double x0 = ring.get(i).get(0).asDouble();
                double y0 = ring.get(i).get(1).asDouble();
                double x1 = ring.get(i + 1).get(0).asDouble();
                double y1 = ring.get(i + 1).get(1).asDouble();
                double cross = x0 * y1 - x1 * y0;
                area += cross;
                x += (x0 + x1) * cross;
                y += (y0 + y1) * cross;
            }
        }
        if (Math.abs(area) < 1e-15) {
            ArrayNode all = JsonNodeFactory.instance.arrayNode();
            for (JsonNode polygon : polygons) {
                polygon.path(0).forEach(all::add);
            }
            return mean(all);
        }
        return new double[] {x / (3 * area), y / (3 * area)};
    }

    private static JsonNode flatten(JsonNode lines) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        lines.forEach(line -> line.forEach(all::add));
        return all;
    }

    private static double[] mean(JsonNode points) {
        if (points.isEmpty()) {
            return null;
        }
        double x = 0;
        double y = 0;
        for (JsonNode p : points) {
            x += p.get(0).asDouble();
            y += p.get(1).asDouble();
        }
        return new double[] {x / points.size(), y / points.size()};
    }
}
