package org.georegistry.core.internal.importer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One row of an import file: its 1-based row number (CSV: the line after the header; GeoJSON: the feature), its
 * values by column as JSON (CSV cells are text) and, for GeoJSON, the feature geometry.
 */
record SourceRow(int number, Map<String, JsonNode> values, JsonNode geometry) {

    /** A cell as text; null when absent, JSON null or blank. */
    String text(String column) {
        JsonNode v = column == null ? null : values.get(column);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isValueNode() ? v.asText() : v.toString();
        return s.isBlank() ? null : s.trim();
    }

    boolean blank() {
        return values.values().stream().allMatch(v -> v == null || v.isNull() || v.asText().isBlank()) && geometry == null;
    }
}
