package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The OpenSRP server's locations: jurisdictions and structures, each a GeoJSON Feature keyed by its {@code id}, with
 * the {@code serverVersion} the server stamps on every write (clients sync from it).
 */
public final class OpenSrpStore {
    private final Map<String, ObjectNode> jurisdictions = new LinkedHashMap<>();
    private final Map<String, ObjectNode> structures = new LinkedHashMap<>();
    private final AtomicLong serverVersion = new AtomicLong(System.currentTimeMillis());

    /**
     * PhysicalLocationService.addOrUpdate: a new id is added; for an existing jurisdiction whose geometry changed,
     * the server keeps the old row inactive and stores the new one with {@code properties.version + 1}.
     */
    synchronized void addOrUpdate(ObjectNode location, boolean jurisdiction) {
        Map<String, ObjectNode> target = jurisdiction ? jurisdictions : structures;
        String id = location.get("id").asText();
        ObjectNode existing = target.get(id);
        if (existing != null && jurisdiction && !existing.path("geometry").equals(location.path("geometry"))
                && location.path("properties").isObject()) {
            ((ObjectNode) location.get("properties")).put("version", existing.path("properties").path("version").asInt() + 1);
        }
        location.put("serverVersion", serverVersion.incrementAndGet());
        target.put(id, location);
    }

    /** A jurisdiction as stored, serverVersion included. */
    public synchronized Optional<JsonNode> jurisdiction(String id) {
        return Optional.ofNullable(jurisdictions.get(id)).map(JsonNode::deepCopy);
    }

    public synchronized List<JsonNode> jurisdictions() {
        return jurisdictions.values().stream().map(n -> (JsonNode) n.deepCopy()).toList();
    }

    public synchronized int jurisdictionCount() {
        return jurisdictions.size();
    }

    public synchronized int structureCount() {
        return structures.size();
    }

    /** {@code findLocationsByServerVersion}: jurisdictions written at or after a server version, oldest first. */
    synchronized List<JsonNode> since(long version) {
        List<JsonNode> out = new ArrayList<>();
        jurisdictions.values().stream().filter(l -> l.path("serverVersion").asLong() >= version)
                .sorted(Comparator.comparingLong(l -> l.path("serverVersion").asLong())).forEach(out::add);
        return out;
    }

    public synchronized void clear() {
        jurisdictions.clear();
        structures.clear();
    }
}
