package org.georegistry.sync.dhis2.internal;

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
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;

/**
 * A synchronization configuration: which Geo-Object Types of a hierarchy are DHIS2 levels, how, and with which
 * field mappings. Exports send each mapping's source to its target; imports read the target into the source. Read
 * from the settings' JSON values; {@link #read} reports every problem with its field path.
 */
record ExportConfig(String hierarchy, List<Level> levels, String preferredLocale, boolean includeGeometry,
        boolean syncNonExistent) {

    static final String HIERARCHY = "hierarchy";
    static final String LEVELS = "levels";
    static final String PREFERRED_LOCALE = "preferredLocale";
    static final String INCLUDE_GEOMETRY = "includeGeometry";
    static final String SYNC_NON_EXISTENT = "syncNonExistent";

    /** Registry fields a mapping may read; any other source is a custom attribute code. */
    static final Set<String> FIELD_SOURCES = Set.of("code", "label", "validFrom", "validTo");
    /** DHIS2's own organisation unit properties a mapping may write, as GeoPrism Registry offers them. */
    static final List<String> BUILT_IN_TARGETS = List.of("name", "shortName", "code", "description", "openingDate",
            "closedDate", "comment", "url", "contactPerson", "address", "email", "phoneNumber");
    static final Set<String> DATE_TARGETS = Set.of("openingDate", "closedDate");
    static final String ATTRIBUTE_TARGET = "attribute:";

    enum SyncType {
        /** Update the units that already have an external id: their properties, not their parent. */
        ORG_UNITS,
        /** Update only the parent (and groups) of the units that already have an external id. */
        RELATIONSHIPS,
        /** Create and update units, properties and parent ("Org Units and Relationships"). */
        ALL,
        NONE
    }

    /** How a mapping's values travel. */
    enum Kind {
        /** The value as it is, to a built-in property or a DHIS2 attribute of a compatible value type. */
        VALUE,
        /** A term, as the code of an option of the target attribute's option set ({@code terms}: term → option). */
        OPTION_SET,
        /** A term, as membership of an organisation unit group ({@code terms}: term → group id). */
        ORG_UNIT_GROUP
    }

    record Mapping(String source, String target, Kind kind, Map<String, String> terms) {

        Mapping(String source, String target) {
            this(source, target, Kind.VALUE, Map.of());
        }

        /** The DHIS2 attribute id of an {@code attribute:} target, else null. */
        String attributeId() {
            return target != null && target.startsWith(ATTRIBUTE_TARGET) ? target.substring(ATTRIBUTE_TARGET.length())
                    : null;
        }
    }

    /**
     * @param dhis2Level the DHIS2 level an import reads for this type (1 is the root), 0 when not given
     */
    record Level(String type, SyncType syncType, List<String> orgUnitGroups, List<Mapping> attributes,
            int dhis2Level) {}

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
        checkFlag(settings, INCLUDE_GEOMETRY, problems);
        checkFlag(settings, SYNC_NON_EXISTENT, problems);
        ExportConfig config = problems.isEmpty()
                ? new ExportConfig(hierarchy, List.copyOf(levels), locale, settings.flag(INCLUDE_GEOMETRY, true),
                        settings.flag(SYNC_NON_EXISTENT, false))
                : null;
        return new Read(config, List.copyOf(problems));
    }

    Level level(String type) {
        return levels.stream().filter(l -> l.type().equals(type)).findFirst().orElse(null);
    }

    private static void checkFlag(Settings settings, String name, List<SettingProblem> problems) {
        Object value = settings.get(name);
        if (value != null && !(value instanceof Boolean)
                && !Set.of("true", "false").contains(value.toString().toLowerCase(Locale.ROOT))) {
            problems.add(new SettingProblem(name, "Use true or false"));
        }
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
        int dhis2Level = node.path("dhis2Level").asInt(0);
        if (node.has("dhis2Level") && (!node.get("dhis2Level").canConvertToInt() || dhis2Level < 1)) {
            problems.add(new SettingProblem(path + ".dhis2Level", "Give the DHIS2 level number, 1 for the root"));
        }
        List<Mapping> mappings = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        JsonNode attributes = node.path("attributes");
        for (int i = 0; i < attributes.size(); i++) {
            Mapping mapping = mapping(attributes.get(i), path + ".attributes[" + i + "]", problems);
            if (mapping != null && mapping.kind() != Kind.ORG_UNIT_GROUP && !targets.add(mapping.target())) {
                problems.add(new SettingProblem(path + ".attributes[" + i + "].target", mapping.target()
                        + " is mapped twice"));
            }
            mappings.add(mapping);
        }
        return type.isEmpty() || syncType == null ? null
                : new Level(type, syncType, List.copyOf(groups),
                        mappings.stream().filter(java.util.Objects::nonNull).toList(), dhis2Level);
    }

    private static Mapping mapping(JsonNode node, String at, List<SettingProblem> problems) {
        String source = node.path("source").asText("").trim();
        String target = node.path("target").asText("").trim();
        String kindText = node.path("type").asText(Kind.VALUE.name()).trim();
        if (source.isEmpty()) {
            problems.add(new SettingProblem(at + ".source", "Choose the registry attribute"));
        }
        Kind kind;
        try {
            kind = Kind.valueOf(kindText);
        } catch (IllegalArgumentException e) {
            problems.add(new SettingProblem(at + ".type", "Use VALUE, OPTION_SET or ORG_UNIT_GROUP, not " + kindText));
            return null;
        }
        if (kind == Kind.ORG_UNIT_GROUP) {
            if (!target.isEmpty() && !target.equals("organisationUnitGroups")) {
                problems.add(new SettingProblem(at + ".target", "A group mapping has no target (or "
                        + "organisationUnitGroups): each term names its group"));
            }
            target = "organisationUnitGroups";
        } else if (!BUILT_IN_TARGETS.contains(target) && !(target.startsWith(ATTRIBUTE_TARGET)
                && Uids.valid(target.substring(ATTRIBUTE_TARGET.length())))) {
            problems.add(new SettingProblem(at + ".target", "Use " + String.join(", ", BUILT_IN_TARGETS)
                    + " or attribute:<DHIS2 attribute id>, not " + target));
        } else if (kind == Kind.OPTION_SET && !target.startsWith(ATTRIBUTE_TARGET)) {
            problems.add(new SettingProblem(at + ".target", "An option set mapping writes a DHIS2 attribute: "
                    + "use attribute:<id of an attribute with an option set>"));
        }
        Map<String, String> terms = new LinkedHashMap<>();
        JsonNode termsNode = node.path("terms");
        if (kind == Kind.VALUE ? !termsNode.isMissingNode() : !termsNode.isObject()) {
            problems.add(new SettingProblem(at + ".terms", kind == Kind.VALUE
                    ? "Only OPTION_SET and ORG_UNIT_GROUP mappings take terms"
                    : "Give the terms as {term code: " + (kind == Kind.OPTION_SET ? "option code" : "group id") + "}"));
        }
        termsNode.fields().forEachRemaining(e -> {
            String value = e.getValue().asText("").trim();
            if (value.isEmpty() || (kind == Kind.ORG_UNIT_GROUP && !Uids.valid(value))) {
                problems.add(new SettingProblem(at + ".terms." + e.getKey(), kind == Kind.ORG_UNIT_GROUP
                        ? "Not a DHIS2 organisation unit group id (11 letters and digits): " + value
                        : "Give the code of the DHIS2 option"));
            }
            terms.put(e.getKey(), value);
        });
        return new Mapping(source, target, kind, Map.copyOf(terms));
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
