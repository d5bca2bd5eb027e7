package org.georegistry.core.internal.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.registry.GeoObjectInput;
import org.georegistry.core.internal.registry.Geometries;
import org.georegistry.core.internal.rest.Checks;

/** Turns a source row into a Geo-Object input following the import configuration; CSV text is typed per attribute. */
final class RowMapper {

    private final ImportConfig config;
    private final GeoObjectType type;

    RowMapper(ImportConfig config, GeoObjectType type) {
        this.config = config;
        this.type = type;
    }

    GeoObjectInput input(SourceRow row) {
        Map<String, JsonNode> attributes = new LinkedHashMap<>();
        config.attributes().forEach((attribute, column) -> {
            JsonNode v = row.values().get(column);
            if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank())) {
                attributes.put(attribute, v.isTextual() ? typed(type.attribute(attribute).orElseThrow(), v.asText().trim()) : v);
            }
        });
        String label = row.text(config.labelColumn());
        String kind = geometryKind();
        JsonNode geometry = "geojson".equals(kind) ? row.geometry() : null;
        return new GeoObjectInput(type.code(), row.text(config.codeColumn()), label == null ? null : LocalizedText.of(label),
                geometry, attributes, Map.of(), null, null);
    }

    /** WKT or lat/lon geometry as checked GeoJSON text; null when the row has none or on error (recorded). */
    String columnGeometry(SourceRow row, Checks checks) {
        String kind = geometryKind();
        try {
            if ("wkt".equals(kind)) {
                String wkt = row.text(config.geometry().column());
                return wkt == null ? null : Geometries.fromWkt(wkt, type.geometryType());
            }
            if ("latlon".equals(kind)) {
                String lat = row.text(config.geometry().latColumn());
                String lon = row.text(config.geometry().lonColumn());
                if (lat == null && lon == null) {
                    return null;
                }
                try {
                    return Geometries.point(Double.parseDouble(lon), Double.parseDouble(lat));
                } catch (NumberFormatException | NullPointerException e) {
                    checks.error("geometry", "Latitude and longitude must both be numbers");
                    return null;
                }
            }
        } catch (Geometries.InvalidGeometry e) {
            checks.error("geometry", e.getMessage());
        }
        return null;
    }

    String geometryKind() {
        if (config.geometry() != null && config.geometry().kind() != null) {
            return config.geometry().kind().toLowerCase(Locale.ROOT);
        }
        return "geojson".equalsIgnoreCase(config.format()) ? "geojson" : "none";
    }

    /** The file column a checker field is about, for row errors. */
    String column(String field) {
        if (field.equals("code")) {
            return config.codeColumn();
        }
        if (field.equals("label")) {
            return config.labelColumn();
        }
        if (field.startsWith("attributes.")) {
            String attribute = field.substring("attributes.".length()).split("\\.")[0];
            return config.attributes().getOrDefault(attribute, field);
        }
        if (field.equals("geometry") && config.geometry() != null) {
            ImportConfig.Geometry g = config.geometry();
            return g.column() != null ? g.column() : g.latColumn() != null ? g.latColumn() + "," + g.lonColumn() : "geometry";
        }
        return field;
    }

    private static JsonNode typed(Attribute a, String text) {
        try {
            return switch (a.type()) {
                case INTEGER -> LongNode.valueOf(Long.parseLong(text));
                case DECIMAL -> DecimalNode.valueOf(new BigDecimal(text));
                case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> BooleanNode.TRUE;
                    case "false", "no", "0" -> BooleanNode.FALSE;
                    default -> TextNode.valueOf(text);
                };
                default -> TextNode.valueOf(text);
            };
        } catch (NumberFormatException e) {
            return TextNode.valueOf(text); // the checker reports it as the wrong value type
        }
    }
}
