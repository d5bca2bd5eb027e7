package org.georegistry.core.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.rest.Json;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * GeoJSON and WKT geometries through JTS, in WGS 84 longitude/latitude: parsed, checked against a type's geometry
 * type and for validity, and written back as canonical GeoJSON text (the stored form).
 */
public final class Geometries {

    /** A geometry that cannot be accepted; the message says why. */
    public static final class InvalidGeometry extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidGeometry(String message) {
            super(message, null, false, false);
        }
    }

    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

    private Geometries() {}

    /** Checks a GeoJSON geometry against the expected type and answers its canonical GeoJSON text. */
    public static String fromGeoJson(JsonNode node, GeometryType expected) throws InvalidGeometry {
        if (expected == GeometryType.NONE) {
            throw new InvalidGeometry("This type has no geometry");
        }
        if (!node.isObject() || !node.path("type").isTextual()) {
            throw new InvalidGeometry("Must be a GeoJSON geometry object with 'type' and 'coordinates'");
        }
        String type = node.get("type").asText();
        if (type.equals("MultiPoint") && expected == GeometryType.POINT && node.path("coordinates").size() == 1) {
            ObjectNode point = Json.MAPPER.createObjectNode().put("type", "Point");
            point.set("coordinates", node.path("coordinates").get(0));
            return fromGeoJson(point, expected);
        }
        boolean polygonAsMulti = expected == GeometryType.MULTIPOLYGON && type.equals("Polygon");
        if (!type.equals(expected.geoJsonType()) && !polygonAsMulti) {
            throw new InvalidGeometry("Expected a GeoJSON " + expected.geoJsonType() + ", got " + type);
        }
        JsonNode coordinates = node.path("coordinates");
        Geometry geometry = switch (type) {
            case "Point" -> FACTORY.createPoint(coordinate(coordinates));
            case "Polygon" -> polygonAsMulti
                    ? FACTORY.createMultiPolygon(new Polygon[] {polygon(coordinates)})
                    : polygon(coordinates);
            default -> multiPolygon(coordinates);
        };
        return toGeoJson(checked(geometry));
    }

    /** Parses WKT (as in CSV imports) for the expected type and answers its GeoJSON text. */
    public static String fromWkt(String wkt, GeometryType expected) throws InvalidGeometry {
        Geometry g;
        try {
            g = new WKTReader(FACTORY).read(wkt);
        } catch (ParseException e) {
            throw new InvalidGeometry("Not valid WKT: " + e.getMessage());
        }
        if (expected == GeometryType.MULTIPOLYGON && g instanceof Polygon p) {
            g = FACTORY.createMultiPolygon(new Polygon[] {p});
        }
        if (expected.geoJsonType() == null || !expected.geoJsonType().equals(g.getGeometryType())) {
            throw new InvalidGeometry("Expected " + expected.json() + ", got " + g.getGeometryType());
        }
        return toGeoJson(checked(g));
    }

    /** A point from longitude and latitude. */
    public static String point(double lon, double lat) throws InvalidGeometry {
        return toGeoJson(checked(FACTORY.createPoint(new Coordinate(lon, lat))));
    }

    private static Geometry checked(Geometry g) throws InvalidGeometry {
        for (Coordinate c : g.getCoordinates()) {
            if (!Double.isFinite(c.x) || !Double.isFinite(c.y) || Math.abs(c.x) > 180 || Math.abs(c.y) > 90) {
                throw new InvalidGeometry("Coordinate " + c.x + ", " + c.y + " is not a WGS 84 longitude, latitude");
            }
        }
        TopologyValidationError error = new IsValidOp(g).getValidationError();
        if (error != null) {
            throw new InvalidGeometry("Invalid geometry: " + error.getMessage() + " near " + error.getCoordinate());
        }
        return g;
    }

    private static Coordinate coordinate(JsonNode position) throws InvalidGeometry {
        if (!position.isArray() || position.size() < 2 || !position.get(0).isNumber() || !position.get(1).isNumber()) {
            throw new InvalidGeometry("A position must be an array [longitude, latitude]");
        }
        return new Coordinate(position.get(0).asDouble(), position.get(1).asDouble());
    }

    private static Polygon polygon(JsonNode rings) throws InvalidGeometry {
        if (!rings.isArray() || rings.isEmpty()) {
            throw new InvalidGeometry("A polygon needs at least one linear ring");
        }
        List<LinearRing> out = new ArrayList<>();
        for (JsonNode ring : rings) {
            if (!ring.isArray() || ring.size() < 4) {
                throw new InvalidGeometry("A linear ring needs at least 4 positions");
            }
            Coordinate[] cs = new Coordinate[ring.size()];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = coordinate(ring.get(i));
            }
            if (!cs[0].equals2D(cs[cs.length - 1])) {
                throw new InvalidGeometry("A linear ring must end where it starts");
            }
            out.add(FACTORY.createLinearRing(cs));
        }
        return FACTORY.createPolygon(out.get(0), out.subList(1, out.size()).toArray(LinearRing[]::new));
    }

    private static MultiPolygon multiPolygon(JsonNode polygons) throws InvalidGeometry {
        if (!polygons.isArray() || polygons.isEmpty()) {
            throw new InvalidGeometry("A multipolygon needs at least one polygon");
        }
        Polygon[] ps = new Polygon[polygons.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = polygon(polygons.get(i));
        }
        return FACTORY.createMultiPolygon(ps);
    }

    /** GeoJSON text of a Point, Polygon or MultiPolygon. */
    static String toGeoJson(Geometry g) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("type", g.getGeometryType());
        if (g instanceof Point p) {
            node.set("coordinates", position(p.getCoordinate()));
        } else if (g instanceof Polygon p) {
            node.set("coordinates", rings(p));
        } else {
            ArrayNode polys = node.putArray("coordinates");
            for (int i = 0; i < g.getNumGeometries(); i++) {
                polys.add(rings((Polygon) g.getGeometryN(i)));
            }
        }
        return node.toString();
    }

    private static ArrayNode rings(Polygon p) {
        ArrayNode rings = Json.MAPPER.createArrayNode();
        rings.add(ring(p.getExteriorRing().getCoordinates()));
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
            rings.add(ring(p.getInteriorRingN(i).getCoordinates()));
        }
        return rings;
    }

    private static ArrayNode ring(Coordinate[] cs) {
        ArrayNode ring = Json.MAPPER.createArrayNode();
        for (Coordinate c : cs) {
            ring.add(position(c));
        }
        return ring;
    }

    private static ArrayNode position(Coordinate c) {
        return Json.MAPPER.createArrayNode().add(c.x).add(c.y);
    }
}
