package org.georegistry.sync.example.internal;

import java.util.Map;
import org.georegistry.api.model.GeoObject;

/** Renders a Geo-Object as one GeoJSON Feature on one line. The API bundle is this bundle's only dependency. */
final class GeoJsonLines {

    private GeoJsonLines() {}

    static String feature(GeoObject o) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"type\":\"Feature\",\"id\":");
        string(sb, o.typeCode() + "/" + o.code());
        sb.append(",\"geometry\":").append(o.geometry() == null ? "null" : o.geometry().strip());
        sb.append(",\"properties\":{\"type\":");
        string(sb, o.typeCode());
        sb.append(",\"code\":");
        string(sb, o.code());
        sb.append(",\"label\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : o.label().values().entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            string(sb, e.getValue());
        }
        sb.append("}}}");
        return sb.toString();
    }

    /** Appends a JSON string literal (RFC 8259 escaping). */
    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
