package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;

/**
 * A synchronization configuration: which Geo-Object Types of a hierarchy become DHIS2 levels, how, and with which
 * field mappings. Read from the settings' JSON values; {@link #read} reports every problem with its field path.
 */
record ExportConfig(String hierarchy, List<Level> levels, String preferredLocale, boolean includeGeometry) {

    static final String HIERARCHY = "hierarchy";
    static final String LEVELS = "levels";
    static final String PREFERRED_LOCALE = "preferredLocale";
    static final String INCLUDE_GEOMETRY = "includeGeometry";

    /** Registry fields a mapping may read; any other source is a custom attribute code. */
    static final Set<String> FIELD_SOURCES = Set.of("code", "label", "validFrom", "validTo");
    static final Set<String> BUILT_IN_TARGETS =
            Set.of("name", "shortName", "code", "description", "openingDate", "closedDate");
    static final String ATTRIBUTE_TARGET = "attribute:";

    enum SyncType {
        /** Create nothing: update the units that already have an external id. */
        ORG_UNITS,
        /** Only group membership and parents (not yet implemented). */
        RELATIONSHIPS,
        /** Create and update. */
        ALL,
        NONE
    }

    record Mapping(String source, String target) {}

    record Level(String type, SyncType syncType, List<String> orgUnitGroups, List<Mapping> attributes) {}

    /** The configuration and its problems; when there are problems the configuration is null. */
    record Read(ExportConfig config, List<SettingProblem> problems) {}

    static Read read(Settings settings, ObjectMapper mapper) {
        List<SettingProblem> problems = new ArrayList<>();
        String hierarchy = settings.text(HIERARCHY, "");
        if (hierarchy.isEmpty()) {
            problems.add(new SettingProblem(HIERARCHY, "Choose the hierarchy to synchronize"));
        }
        JsonNode levelsNode = json(settings.get(LEVELS), mapper);
        List<Level> levels = new ArrayList<>();
        if (levelsNode == null || !levelsNode.isArray() || levelsNode.isEmpty()) {
            problems.add(new SettingProblem(LEVELS, "Give the levels as a non-empty list of {type, syncType}"));
        } else {
            Set<String> types = new HashSet<>();
            for (int i = 0; i < levelsNode.size(); i++) {
                Level level = level(levelsNode.get(i), LEVELS + "[" + i + "]", problems);
                if (level != null && !types.add(level.type())) {
                    problems.add(new SettingProblem(LEVELS + "[" + i + "].type", "Type " + level.type()
                            + " is configured twice"));
                }
                levels.add(level);
            }
        }
        String locale = settings.text(PREFERRED_LOCALE, null);
        if (locale != null && !locale.matches("[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")) {
            problems.add(new SettingProblem(PREFERRED_LOCALE, "Use a locale such as en, fr or pt_BR"));
        }
        Object geometry = settings.get(INCLUDE_GEOMETRY);
        if (geometry != null && !(geometry instanceof Boolean)
                && !Set.of("true", "false").contains(geometry.toString().toLowerCase(Locale.ROOT))) {
            problems.add(new SettingProblem(INCLUDE_GEOMETRY, "Use true or false"));
        }
        ExportConfig config = problems.isEmpty()
                ? new ExportConfig(hierarchy, List.copyOf(levels), locale, settings.flag(INCLUDE_GEOMETRY, true))
                : null;
        return new Read(config, List.copyOf(problems));
    }

    Level level(String type) {
        return levels.stream().filter(l -> l.type().equals(type)).findFirst().orElse(null);
    }

    private static Level level(JsonNode node, String path, List<SettingProblem> problems) {
        if (!node.isObject()) {
            problems.add(new SettingProblem(path, "Give each level as {type, syncType}"));
            return null;
        }
        String type = node.path("type").asText("").trim();
        if (type.isEmpty()) {
            problems.add(new SettingProblem(path + ".type", "Choose the Geo-Object Type of this level"));
        }
        SyncType syncType = null;
        String syncText = node.path("syncType").asText("ALL");
        try {
            syncType = SyncType.valueOf(syncText);
        } catch (IllegalArgumentException e) {
            problems.add(new SettingProblem(path + ".syncType", "Use ORG_UNITS, RELATIONSHIPS, ALL or NONE, not "
                    + syncText));
        }
        List<String> groups = new ArrayList<>();
        JsonNode groupsNode = node.path("orgUnitGroups");
        for (int i = 0; i < groupsNode.size(); i++) {
            String id = groupsNode.get(i).isObject() ? groupsNode.get(i).path("id").asText() : groupsNode.get(i).asText();
            if (!Uids.valid(id)) {
                problems.add(new SettingProblem(path + ".orgUnitGroups[" + i + "]",
                        "Not a DHIS2 organisation unit group id (11 letters and digits): " + id));
            }
            groups.add(id);
        }
        List<Mapping> mappings = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        JsonNode attributes = node.path("attributes");
        for (int i = 0; i < attributes.size(); i++) {
            String at = path + ".attributes[" + i + "]";
            String source = attributes.get(i).path("source").asText("").trim();
            String target = attributes.get(i).path("target").asText("").trim();
            if (source.isEmpty()) {
                problems.add(new SettingProblem(at + ".source", "Choose the registry attribute to send"));
            }
            if (!validTarget(target)) {
                problems.add(new SettingProblem(at + ".target", "Use name, shortName, code, description, "
                        + "openingDate, closedDate or attribute:<DHIS2 attribute id>, not " + target));
            } else if (!targets.add(target)) {
                problems.add(new SettingProblem(at + ".target", target + " is mapped twice"));
            }
            mappings.add(new Mapping(source, target));
        }
        return type.isEmpty() || syncType == null ? null : new Level(type, syncType, List.copyOf(groups), List.copyOf(mappings));
    }

    private static boolean validTarget(String target) {
        return BUILT_IN_TARGETS.contains(target)
                || (target.startsWith(ATTRIBUTE_TARGET) && Uids.valid(target.substring(ATTRIBUTE_TARGET.length())));
    }

    /** Settings hold JSON values already parsed, or the JSON text when a client sent a string. */
    private static JsonNode json(Object value, ObjectMapper mapper) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            try {
                return mapper.readTree(text);
            } catch (IOException e) {
                return null;
            }
        }
        return mapper.valueToTree(value);
    }
}
