package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.JsonNode;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.TopologyException;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * GeoJSON geometries as JTS geometries, and the Reveal server's parent rule: a location's parent is the location of
 * the level above whose geometry contains the child's centroid (PostGIS {@code ST_Contains(parent, ST_Centroid(child))}).
 */
final class Spatial {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private Spatial() {
    }

    /** A located geometry, prepared for repeated containment tests. */
    record Shape(Geometry geometry, Point centroid, PreparedGeometry prepared) {
        boolean containsCentroidOf(Shape child) {
            try {
                return prepared.contains(child.centroid());
            } catch (TopologyException e) {
                return false;
            }
        }
    }

    /** The shape of a GeoJSON geometry; IllegalArgumentException says what is wrong with it. */
    static Shape shape(JsonNode geometry) {
        Geometry g = geometry(geometry);
        return new Shape(g, g.getCentroid(), PreparedGeometryFactory.prepare(g));
    }

    static Geometry geometry(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("geometry must be a GeoJSON object");
        }
        String type = Json.text(node, "type");
        JsonNode c = node.path("coordinates");
        if (type == null) {
            throw new IllegalArgumentException("geometry has no type");
        }
        return switch (type) {
            case "Point" -> FACTORY.createPoint(coordinate(c));
            case "MultiPoint" -> FACTORY.createMultiPointFromCoords(coordinates(c));
            case "LineString" -> FACTORY.createLineString(coordinates(c));
            case "MultiLineString" -> {
                LineString[] lines = new LineString[c.size()];
                for (int i = 0; i < c.size(); i++) {
                    lines[i] = FACTORY.createLineString(coordinates(c.get(i)));
                }
                yield FACTORY.createMultiLineString(lines);
            }
            case "Polygon" -> polygon(c);
            case "MultiPolygon" -> {
                Polygon[] polygons = new Polygon[c.size()];
                for (int i = 0; i < c.size(); i++) {
                    polygons[i] = polygon(c.get(i));
                }
                yield FACTORY.createMultiPolygon(polygons);
            }
            default -> throw new IllegalArgumentException("unsupported geometry type " + type);
        };
    }

    private static Polygon polygon(JsonNode rings) {
        if (!rings.isArray() || rings.isEmpty()) {
            throw new IllegalArgumentException("a polygon needs at least one ring");
        }
        LinearRing shell = ring(rings.get(0));
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i));
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode node) {
        try {
            return FACTORY.createLinearRing(coordinates(node));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid polygon ring: " + e.getMessage());
        }
    }

    private static Coordinate[] coordinates(JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("coordinates must be an array");
        }
        Coordinate[] out = new Coordinate[array.size()];
        for (int i = 0; i < array.size(); i++) {
            out[i] = coordinate(array.get(i));
        }
        return out;
    }

    private static Coordinate coordinate(JsonNode pair) {
        if (!pair.isArray() || pair.size() < 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
            throw new IllegalArgumentException("a position must be [longitude, latitude]");
        }
        return new Coordinate(pair.get(0).asDouble(), pair.get(1).asDouble());
    }
}
