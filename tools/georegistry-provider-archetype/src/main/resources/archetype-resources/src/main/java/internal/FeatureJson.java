package ${package}.internal;

import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;

/**
 * Renders Geo-Objects as GeoJSON (RFC 7946) without a JSON library, so the bundle needs nothing but the API. A
 * provider with richer payloads can embed a library instead (bnd's -includeresource / -conditionalpackage).
 */
final class FeatureJson {

    private FeatureJson() {}

    static String collection(List<GeoObject> objects, String hierarchy) {
        StringBuilder sb = new StringBuilder(objects.size() * 256);
        sb.append("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < objects.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(feature(objects.get(i), hierarchy));
        }
        return sb.append("]}").toString();
    }

    /** One Feature; {@code properties.parent} is the object's parent code in the exported hierarchy. */
    static String feature(GeoObject o, String hierarchy) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"type\":\"Feature\",\"id\":");
        string(sb, o.typeCode() + "/" + o.code());
        sb.append(",\"geometry\":").append(o.geometry() == null ? "null" : o.geometry().strip());
        sb.append(",\"properties\":{\"type\":");
        string(sb, o.typeCode());
        sb.append(",\"code\":");
        string(sb, o.code());
        sb.append(",\"label\":");
        value(sb, o.label());
        sb.append(",\"parent\":");
        string(sb, o.parents().stream().filter(p -> p.hierarchy().equals(hierarchy)).findFirst()
                .map(ParentLink::code).orElse(null));
        sb.append(",\"validFrom\":");
        value(sb, o.validFrom());
        sb.append(",\"validTo\":");
        value(sb, o.validTo());
        sb.append(",\"attributes\":");
        value(sb, o.attributes());
        return sb.append("}}").toString();
    }

    /** Attribute values are String, Boolean, Long, Double, LocalDate or LocalizedText (see GeoObject). */
    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Number) {
            sb.append(v);
        } else if (v instanceof LocalizedText t) {
            value(sb, t.values());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                value(sb, e.getValue());
            }
            sb.append('}');
        } else {
            string(sb, v.toString());
        }
    }

    /** A JSON string literal (RFC 8259 escaping). */
    private static void string(StringBuilder sb, String s) {
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
