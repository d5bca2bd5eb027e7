package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * DHIS2 replaces every property of a unit on update, so what the registry does not own (contact fields,
 * translations and attribute values it does not map, the parent at levels that do not send it, everything but the
 * parent at relationship-only levels, geometry when it is not sent) is read back first and merged. One filtered
 * read per {@link #CHUNK} units, not one GET per unit.
 */
final class CurrentUnits {

    /** Keeps the query under the 8 KB request line that servers in front of DHIS2 commonly accept. */
    static final int CHUNK = 200;
    private static final String KEPT = "id,name,shortName,code,openingDate,closedDate,parent[id],description,comment,"
            + "url,contactPerson,address,email,phoneNumber,translations,attributeValues[value,attribute[id]]";

    private final Dhis2Client client;
    private final String geometry;

    CurrentUnits(Dhis2Client client, Dhis2Version version) {
        this.client = client;
        this.geometry = version.hasGeoJson() ? ",geometry" : ",featureType,coordinates";
    }

    /** The stored units with these ids, by id; ids DHIS2 does not have are absent. */
    Map<String, ObjectNode> read(List<String> uids, boolean withGeometry) throws Dhis2Exception {
        String fields = KEPT + (withGeometry ? geometry : "");
        Map<String, ObjectNode> units = new HashMap<>();
        for (int from = 0; from < uids.size(); from += CHUNK) {
            List<String> chunk = uids.subList(from, Math.min(uids.size(), from + CHUNK));
            String path = "/organisationUnits?paging=false&fields=" + escape(fields)
                    + "&filter=id:in:" + escape("[" + String.join(",", chunk) + "]");
            for (JsonNode unit : client.getJson(path).path("organisationUnits")) {
                if (unit.isObject() && unit.hasNonNull("id")) {
                    units.put(unit.get("id").asText(), (ObjectNode) unit);
                }
            }
        }
        return units;
    }

    /**
     * The unit to send: the stored one overlaid with the registry's. Attribute values and translations are merged
     * by attribute and by (property, locale); a null the registry sends clears the value.
     */
    static ObjectNode merge(ObjectNode current, ObjectNode unit) {
        ObjectNode merged = current.deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = unit.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            switch (field.getKey()) {
                case "attributeValues" -> merged.set("attributeValues",
                        mergeBy(current.path("attributeValues"), field.getValue(), v -> v.path("attribute").path("id").asText()));
                case "translations" -> merged.set("translations", mergeBy(current.path("translations"), field.getValue(),
                        t -> t.path("property").asText() + '\u0000' + t.path("locale").asText()));
                default -> merged.set(field.getKey(), field.getValue());
            }
        }
        return withoutNulls(merged);
    }

    /** Drops null properties and attribute values: they only served to clear what DHIS2 had. */
    static ObjectNode withoutNulls(ObjectNode unit) {
        List<String> nulls = new ArrayList<>();
        unit.fieldNames().forEachRemaining(name -> {
            if (unit.get(name).isNull()) {
                nulls.add(name);
            }
        });
        unit.remove(nulls);
        JsonNode values = unit.path("attributeValues");
        if (values.isArray()) {
            ArrayNode kept = unit.arrayNode();
            values.forEach(v -> {
                if (!v.path("value").isNull()) {
                    kept.add(v);
                }
            });
            unit.set("attributeValues", kept);
        }
        return unit;
    }

    private static ArrayNode mergeBy(JsonNode current, JsonNode ours, Function<JsonNode, String> key) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        current.forEach(n -> byKey.put(key.apply(n), n));
        ours.forEach(n -> byKey.put(key.apply(n), n));
        ArrayNode merged = JsonNodeFactory.instance.arrayNode();
        byKey.values().forEach(merged::add);
        return merged;
    }

    /** java.net.URI refuses brackets in a query; DHIS2 decodes them. */
    private static String escape(String query) {
        return query.replace("[", "%5B").replace("]", "%5D");
    }
}
