package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Reveal server's geographic levels, location hierarchies, locations and bulk uploads. Parents are not stored:
 * as in the real server they follow from geometry, so {@link #parentOf} derives them when asked.
 */
public final class RevealStore {
    /** A geographic level, e.g. {@code {name: "district", title: "District"}}. */
    public record Level(UUID identifier, String name, String title) {
    }

    /** A location hierarchy: level names from the root down. */
    public record Hierarchy(UUID identifier, String name, List<String> nodeOrder) {
    }

    /** A stored location; {@code properties} holds name, status, externalId and geographicLevel. */
    public record Location(UUID identifier, String type, JsonNode geometry, ObjectNode properties, Spatial.Shape shape) {
        public String name() {
            return properties.path("name").asText(null);
        }

        public String level() {
            return properties.path("geographicLevel").asText(null);
        }

        public String externalId() {
            return properties.path("externalId").asText(null);
        }

        public String status() {
            return properties.path("status").asText(null);
        }
    }

    /** One line of a bulk upload's report. */
    public record BulkEntry(String name, String message, String status) {
    }

    /** A bulk upload and what became of each location in it. */
    public record Bulk(UUID identifier, String filename, String status, List<BulkEntry> entries) {
    }

    private final Map<String, Level> levels = new LinkedHashMap<>();
    private final Map<UUID, Hierarchy> hierarchies = new LinkedHashMap<>();
    private final Map<UUID, Location> locations = new LinkedHashMap<>();
    private final Map<UUID, Bulk> bulks = new LinkedHashMap<>();

    synchronized Level addLevel(String name, String title) {
        Level level = new Level(UUID.randomUUID(), name, title);
        levels.put(name, level);
        return level;
    }

    public synchronized Optional<Level> level(String name) {
        return Optional.ofNullable(levels.get(name));
    }

    public synchronized List<Level> levels() {
        return List.copyOf(levels.values());
    }

    synchronized Hierarchy addHierarchy(String name, List<String> nodeOrder) {
        Hierarchy h = new Hierarchy(UUID.randomUUID(), name, List.copyOf(nodeOrder));
        hierarchies.put(h.identifier(), h);
        return h;
    }

    public synchronized List<Hierarchy> hierarchies() {
        return List.copyOf(hierarchies.values());
    }

    public synchronized Optional<Hierarchy> hierarchy(String name) {
        return hierarchies.values().stream().filter(h -> h.name().equals(name)).findFirst();
    }

    synchronized Location put(Location location) {
        locations.put(location.identifier(), location);
        return location;
    }

    synchronized boolean remove(UUID identifier) {
        return locations.remove(identifier) != null;
    }

    public synchronized Optional<Location> location(UUID identifier) {
        return Optional.ofNullable(locations.get(identifier));
    }

    public synchronized List<Location> locations() {
        return List.copyOf(locations.values());
    }

    public synchronized int locationCount() {
        return locations.size();
    }

    public synchronized Optional<Location> byExternalId(String externalId) {
        return locations.values().stream().filter(l -> externalId.equals(l.externalId())).findFirst();
    }

    synchronized void addBulk(Bulk bulk) {
        bulks.put(bulk.identifier(), bulk);
    }

    public synchronized Optional<Bulk> bulk(UUID identifier) {
        return Optional.ofNullable(bulks.get(identifier));
    }

    public synchronized List<Bulk> bulks() {
        return List.copyOf(bulks.values());
    }

    /**
     * The parent the server derives in a hierarchy: among the locations of the level just above, the one whose
     * geometry contains the child's centroid (the smallest, should several overlap); empty for a root level, a
     * level outside the hierarchy or when no geometry contains the centroid.
     */
    public synchronized Optional<Location> parentOf(UUID child, String hierarchyName) {
        Location location = locations.get(child);
        Hierarchy hierarchy = hierarchy(hierarchyName).orElse(null);
        if (location == null || hierarchy == null) {
            return Optional.empty();
        }
        int index = hierarchy.nodeOrder().indexOf(location.level());
        if (index <= 0) {
            return Optional.empty();
        }
        String parentLevel = hierarchy.nodeOrder().get(index - 1);
        List<Location> candidates = new ArrayList<>();
        for (Location l : locations.values()) {
            if (parentLevel.equals(l.level()) && l.shape().containsCentroidOf(location.shape())) {
                candidates.add(l);
            }
        }
        return candidates.stream().min(Comparator.comparingDouble(l -> l.shape().geometry().getArea()));
    }

    public synchronized void clear() {
        levels.clear();
        hierarchies.clear();
        locations.clear();
        bulks.clear();
    }
}
