package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code fields=} selector: {@code id,name,parent[id,code],attributeValues[value,attribute[id]]}, {@code *} and
 * {@code :all} (everything), {@code :identifiable}/{@code :nameable}. Unknown names are skipped, as DHIS2 does.
 */
final class Fields {
    private static final Fields ALL = new Fields(true, Map.of());
    private static final String[] IDENTIFIABLE = {"id", "code", "name", "created", "lastUpdated", "href"};
    private static final String[] NAMEABLE = {"id", "code", "name", "shortName", "description", "created",
        "lastUpdated", "href"};

    private final boolean all;
    private final Map<String, Fields> children;

    private Fields(boolean all, Map<String, Fields> children) {
        this.all = all;
        this.children = children;
    }

    static Fields all() {
        return ALL;
    }

    static Fields parse(String spec) {
        int[] position = {0};
        Fields fields = parse(spec.replace(" ", ""), position);
        return fields;
    }

    private static Fields parse(String spec, int[] position) {
        boolean all = false;
        Map<String, Fields> children = new LinkedHashMap<>();
        StringBuilder name = new StringBuilder();
        while (position[0] < spec.length()) {
            char c = spec.charAt(position[0]++);
            if (c == '[' || c == '(') {
                children.put(name.toString(), parse(spec, position));
                name.setLength(0);
            } else if (c == ']' || c == ')') {
                all |= add(name, children);
                return new Fields(all, children);
            } else if (c == ',') {
                all |= add(name, children);
            } else {
                name.append(c);
            }
        }
        all |= add(name, children);
        return new Fields(all, children);
    }

    /** Adds a plain name; returns true when it stands for every field. */
    private static boolean add(StringBuilder name, Map<String, Fields> children) {
        String n = name.toString();
        name.setLength(0);
        if (n.isEmpty()) {
            return false;
        }
        switch (n) {
            case "*", ":all", ":owner" -> {
                return true;
            }
            case ":identifiable" -> addAll(IDENTIFIABLE, children);
            case ":nameable" -> addAll(NAMEABLE, children);
            default -> children.putIfAbsent(n, null);
        }
        return false;
    }

    private static void addAll(String[] names, Map<String, Fields> children) {
        for (String n : names) {
            children.putIfAbsent(n, null);
        }
    }

    /**
     * The selected part of a full representation. A reference ({"id":...}) asked for with more than its id is expanded
     * through {@code resolve}, which gives the full representation of any stored object by uid, or null.
     */
    JsonNode apply(JsonNode full, Function<String, ObjectNode> resolve) {
        if (full.isArray()) {
            ArrayNode out = Json.NODES.arrayNode();
            full.forEach(item -> out.add(apply(item, resolve)));
            return out;
        }
        if (!full.isObject()) {
            return full;
        }
        JsonNode source = full;
        if (needsExpansion(full)) {
            ObjectNode resolved = resolve.apply(full.get("id").asText());
            if (resolved != null) {
                source = resolved;
            }
        }
        if (all && children.isEmpty()) {
            return source;
        }
        ObjectNode out = Json.NODES.objectNode();
        if (all) {
            out.setAll((ObjectNode) source);
        }
        for (Map.Entry<String, Fields> field : children.entrySet()) {
            JsonNode value = source.get(field.getKey());
            if (value == null) {
                continue;
            }
            out.set(field.getKey(), field.getValue() == null ? value : field.getValue().apply(value, resolve));
        }
        return out;
    }

    private boolean needsExpansion(JsonNode node) {
        if (node.size() > 2 || !node.has("id")) {
            return false;
        }
        if (all) {
            return true;
        }
        for (String name : children.keySet()) {
            if (!node.has(name)) {
                return true;
            }
        }
        return false;
    }
}
