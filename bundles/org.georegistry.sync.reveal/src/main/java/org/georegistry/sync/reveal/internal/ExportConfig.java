package org.georegistry.sync.reveal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;

/**
 * What to export: a hierarchy, how its Geo-Object Types become Reveal geographic levels, the locale of the names,
 * and for the Reveal server the name of its location hierarchy. Without {@code levels} every type of the hierarchy
 * is exported, level names following the type codes (Reveal) or their depth from 0 (OpenSRP).
 */
record ExportConfig(String hierarchy, Map<String, Level> levels, String locale, String revealHierarchy, int batchSize) {

    static final String HIERARCHY = "hierarchy";
    static final String LEVELS = "levels";
    static final String LOCALE = "locale";
    static final String REVEAL_HIERARCHY = "revealHierarchy";
    static final String BATCH_SIZE = "batchSize";
    static final int DEFAULT_BATCH = 500;
    static final int MAX_BATCH = 5000;
    /** GeographicLevelRequest.name's pattern on the Reveal server. */
    static final Pattern LEVEL_NAME = Pattern.compile("[a-z0-9\\-]+");

    /** A configured level: a type, its Reveal level (a name, or OpenSRP's number as text) and title, or null. */
    record Level(String type, String geographicLevel, String title) {}

    static List<SettingDescriptor> descriptors() {
        return List.of(
                SettingDescriptor.optional(HIERARCHY, "Hierarchy", SettingType.TEXT)
                        .withDescription("Default: the hierarchy of the synchronization configuration"),
                SettingDescriptor.optional(LEVELS, "Levels", SettingType.JSON).withDescription(
                        "List of {type, geographicLevel, title}: the types to export and their Reveal level (a name"
                                + " [a-z0-9-]+ for the Reveal server, a number from 0 for OpenSRP); default: every type"),
                SettingDescriptor.optional(LOCALE, "Locale of names", SettingType.TEXT)
                        .withDescription("Names come from the label in this locale, e.g. en or fr_CA"),
                SettingDescriptor.optional(REVEAL_HIERARCHY, "Reveal hierarchy name", SettingType.TEXT)
                        .withDescription("Reveal server: the location hierarchy to create or use; default the hierarchy code"),
                SettingDescriptor.optional(BATCH_SIZE, "Batch size", SettingType.INTEGER)
                        .withDescription("OpenSRP: locations per request, 1 to " + MAX_BATCH + " (default " + DEFAULT_BATCH + ")"));
    }

    /** The configuration and its problems; with problems the configuration is null. */
    record Read(ExportConfig config, List<SettingProblem> problems) {}

    /** Reads settings for a flavour (null when the system's own settings are invalid: both level forms pass). */
    static Read read(Settings settings, Flavour flavour, ObjectMapper mapper) {
        return read(settings, flavour, mapper, true);
    }

    /**
     * As {@link #read(Settings, Flavour, ObjectMapper)}; {@code needHierarchy} is false when checking a
     * configuration being saved, whose hierarchy may be the configuration's own (the core adds it to the settings
     * of runs and files).
     */
    static Read read(Settings settings, Flavour flavour, ObjectMapper mapper, boolean needHierarchy) {
        List<SettingProblem> problems = new ArrayList<>();
        String hierarchy = settings.text(HIERARCHY, "").trim();
        if (hierarchy.isEmpty() && needHierarchy) {
            problems.add(new SettingProblem(HIERARCHY, "Choose the hierarchy to export"));
        }
        Map<String, Level> levels = new LinkedHashMap<>();
        JsonNode node = json(settings.get(LEVELS), mapper);
        if (settings.get(LEVELS) != null && (node == null || !node.isArray())) {
            problems.add(new SettingProblem(LEVELS, "Give the levels as a list of {type, geographicLevel, title}"));
        } else if (node != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                Level level = level(node.get(i), LEVELS + "[" + i + "]", flavour, problems);
                if (level == null) {
                    continue;
                }
                if (levels.put(level.type(), level) != null) {
                    problems.add(new SettingProblem(LEVELS + "[" + i + "].type", "Type " + level.type() + " is configured twice"));
                }
                if (level.geographicLevel() != null && !names.add(level.geographicLevel())) {
                    problems.add(new SettingProblem(LEVELS + "[" + i + "].geographicLevel", "Level "
                            + level.geographicLevel() + " is given to two types"));
                }
            }
        }
        String locale = settings.text(LOCALE, null);
        if (locale != null && !locale.matches("[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")) {
            problems.add(new SettingProblem(LOCALE, "Use a locale such as en, fr or pt_BR"));
        }
        String revealHierarchy = settings.text(REVEAL_HIERARCHY, hierarchy).trim();
        long batch = settings.number(BATCH_SIZE, DEFAULT_BATCH);
        if (batch < 1 || batch > MAX_BATCH || settings.has(BATCH_SIZE) && settings.number(BATCH_SIZE, -1) < 0) {
            problems.add(new SettingProblem(BATCH_SIZE, "Use a number from 1 to " + MAX_BATCH));
        }
        ExportConfig config = problems.isEmpty() && !hierarchy.isEmpty()
                ? new ExportConfig(hierarchy, Map.copyOf(levels), locale, revealHierarchy, (int) batch)
                : null;
        return new Read(config, List.copyOf(problems));
    }

    /** Whether a type is exported: every type when no levels are configured. */
    boolean exports(String type) {
        return levels.isEmpty() || levels.containsKey(type);
    }

    /** The Reveal geographic level of a type at a depth of the hierarchy (0 for the root types). */
    String geographicLevel(String type, int depth, Flavour flavour) {
        Level level = levels.get(type);
        if (level != null && level.geographicLevel() != null) {
            return level.geographicLevel();
        }
        return flavour == Flavour.OPENSRP ? Integer.toString(depth) : defaultLevelName(type);
    }

    String title(String type) {
        Level level = levels.get(type);
        return level != null && level.title() != null ? level.title() : type;
    }

    /** A type code as a Reveal level name: lower case, anything outside [a-z0-9-] becoming '-'. */
    static String defaultLevelName(String type) {
        return type.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9\\-]", "-");
    }

    private static Level level(JsonNode node, String path, Flavour flavour, List<SettingProblem> problems) {
        if (!node.isObject()) {
            problems.add(new SettingProblem(path, "Give each level as {type, geographicLevel, title}"));
            return null;
        }
        String type = node.path("type").asText("").trim();
        if (type.isEmpty()) {
            problems.add(new SettingProblem(path + ".type", "Choose the Geo-Object Type of this level"));
            return null;
        }
        JsonNode value = node.get("geographicLevel");
        String level = value == null || value.isNull() ? null : value.asText().trim();
        if (level != null) {
            boolean number = level.matches("\\d{1,4}");
            if (flavour == Flavour.OPENSRP && !number) {
                problems.add(new SettingProblem(path + ".geographicLevel", "OpenSRP numbers its levels: use 0 for the"
                        + " top level, 1 below it and so on, not " + level));
            } else if (flavour != Flavour.OPENSRP && !LEVEL_NAME.matcher(level).matches()) {
                problems.add(new SettingProblem(path + ".geographicLevel", "Reveal level names use a-z, 0-9 and '-'"
                        + " only, not " + level));
            }
        }
        String title = node.path("title").asText("").trim();
        return new Level(type, level, title.isEmpty() ? null : title);
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
