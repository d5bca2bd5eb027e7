package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.sync.SettingProblem;

/**
 * What a DHIS2 instance offers a configuration: its organisation unit levels, the attributes that apply to
 * organisation units and fit a registry type, their option sets, the organisation unit groups and the database
 * locales. Read with one request per kind and only the fields used, so a form opens in well under a second (GPR
 * users waited a minute).
 */
record Dhis2Catalog(List<Level> levels, List<Attribute> attributes, List<OptionSet> optionSets, List<Group> groups,
        List<String> locales) {

    record Level(int level, String name) {}

    /** An organisation unit attribute and the registry type it takes ({@link ValueTypes}). */
    record Attribute(String id, String code, String name, String valueType, String optionSet, String registryType) {}

    record Option(String code, String name) {}

    record OptionSet(String id, String code, String name, List<Option> options) {

        boolean hasCode(String code) {
            return options.stream().anyMatch(o -> code.equals(o.code()));
        }
    }

    record Group(String id, String code, String name) {}

    static final String ATTRIBUTES = "/attributes?paging=false&filter=organisationUnitAttribute:eq:true"
            + "&fields=id,code,name,valueType,optionSet%5Bid%5D";

    /** Reads the catalog; option sets only for the attributes that use one. */
    static Dhis2Catalog read(Dhis2Client client) throws Dhis2Exception {
        List<Level> levels = new ArrayList<>();
        for (JsonNode l : client.getJson("/organisationUnitLevels?paging=false&fields=level,name")
                .path("organisationUnitLevels")) {
            levels.add(new Level(l.path("level").asInt(), l.path("name").asText(null)));
        }
        levels.sort((a, b) -> Integer.compare(a.level(), b.level()));
        List<Attribute> attributes = attributes(client);
        Set<String> setIds = new LinkedHashSet<>();
        attributes.stream().filter(a -> a.optionSet() != null).forEach(a -> setIds.add(a.optionSet()));
        List<OptionSet> optionSets = new ArrayList<>();
        if (!setIds.isEmpty()) {
            String path = "/optionSets?paging=false&fields=id,code,name,options%5Bcode,name%5D&filter=id:in:%5B"
                    + String.join(",", setIds) + "%5D";
            for (JsonNode s : client.getJson(path).path("optionSets")) {
                List<Option> options = new ArrayList<>();
                s.path("options").forEach(o -> options.add(new Option(o.path("code").asText(null),
                        o.path("name").asText(null))));
                optionSets.add(new OptionSet(s.path("id").asText(), s.path("code").asText(null),
                        s.path("name").asText(null), List.copyOf(options)));
            }
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode g : client.getJson("/organisationUnitGroups?paging=false&fields=id,code,name")
                .path("organisationUnitGroups")) {
            groups.add(new Group(g.path("id").asText(), g.path("code").asText(null), g.path("name").asText(null)));
        }
        return new Dhis2Catalog(List.copyOf(levels), attributes, List.copyOf(optionSets), List.copyOf(groups),
                locales(client));
    }

    /** The organisation unit attributes a registry type fits, in DHIS2's order; the others are left out. */
    static List<Attribute> attributes(Dhis2Client client) throws Dhis2Exception {
        List<Attribute> attributes = new ArrayList<>();
        for (JsonNode a : client.getJson(ATTRIBUTES).path("attributes")) {
            String optionSet = a.path("optionSet").path("id").asText(null);
            String valueType = a.path("valueType").asText(null);
            String registryType = ValueTypes.registryType(valueType, optionSet != null);
            if (registryType != null) {
                attributes.add(new Attribute(a.path("id").asText(), a.path("code").asText(null),
                        a.path("name").asText(null), valueType, optionSet, registryType));
            }
        }
        return List.copyOf(attributes);
    }

    /** The locales DHIS2 stores translations in ({@code /api/locales/dbLocales}), e.g. fr, pt_BR. */
    static List<String> locales(Dhis2Client client) throws Dhis2Exception {
        List<String> locales = new ArrayList<>();
        client.getJson("/locales/dbLocales").forEach(l -> locales.add(l.path("locale").asText()));
        return List.copyOf(locales);
    }

    Attribute attribute(String id) {
        return attributes.stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
    }

    OptionSet optionSet(String id) {
        return optionSets.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    boolean hasGroup(String id) {
        return groups.stream().anyMatch(g -> g.id().equals(id));
    }

    /** What {@code GET /api/sync-configs/{id}/options} answers: plain JSON values. */
    Map<String, Object> options(Dhis2Version version) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("dhis2Version", version.text());
        options.put("organisationUnitLevels", levels.stream().map(l -> map("level", l.level(), "name", l.name())).toList());
        List<Object> targets = new ArrayList<>();
        for (String target : ExportConfig.BUILT_IN_TARGETS) {
            String type = ExportConfig.DATE_TARGETS.contains(target) ? ValueTypes.DATE : ValueTypes.TEXT;
            targets.add(map("target", target, "registryTypes", ValueTypes.accepted(type)));
        }
        options.put("builtInTargets", targets);
        options.put("attributes", attributes.stream().map(a -> map("id", a.id(), "target",
                ExportConfig.ATTRIBUTE_TARGET + a.id(), "code", a.code(), "name", a.name(), "valueType", a.valueType(),
                "optionSet", a.optionSet(), "registryTypes", ValueTypes.accepted(a.registryType()))).toList());
        options.put("optionSets", optionSets.stream().map(s -> map("id", s.id(), "code", s.code(), "name", s.name(),
                "options", s.options().stream().map(o -> map("code", o.code(), "name", o.name())).toList())).toList());
        options.put("orgUnitGroups", groups.stream().map(g -> map("id", g.id(), "code", g.code(), "name", g.name()))
                .toList());
        options.put("locales", locales);
        options.put("syncTypes", List.of("ORG_UNITS", "RELATIONSHIPS", "ALL", "NONE"));
        options.put("mappingTypes", List.of("VALUE", "OPTION_SET", "ORG_UNIT_GROUP"));
        return options;
    }

    /** What this DHIS2 says is wrong with a configuration that is otherwise valid, by field path. */
    List<SettingProblem> problems(ExportConfig config) {
        List<SettingProblem> problems = new ArrayList<>();
        if (!levels.isEmpty() && config.levels().size() > levels.size()) {
            problems.add(new SettingProblem(ExportConfig.LEVELS, config.levels().size() + " levels are configured but"
                    + " this DHIS2 has " + levels.size() + " organisation unit levels"));
        }
        for (int i = 0; i < config.levels().size(); i++) {
            ExportConfig.Level level = config.levels().get(i);
            String path = ExportConfig.LEVELS + "[" + i + "]";
            for (int g = 0; g < level.orgUnitGroups().size(); g++) {
                if (!hasGroup(level.orgUnitGroups().get(g))) {
                    problems.add(new SettingProblem(path + ".orgUnitGroups[" + g + "]", "This DHIS2 has no "
                            + "organisation unit group " + level.orgUnitGroups().get(g)));
                }
            }
            for (int m = 0; m < level.attributes().size(); m++) {
                mappingProblems(level.attributes().get(m), path + ".attributes[" + m + "]", problems);
            }
        }
        return problems;
    }

    private void mappingProblems(ExportConfig.Mapping mapping, String at, List<SettingProblem> problems) {
        if (mapping.kind() == ExportConfig.Kind.ORG_UNIT_GROUP) {
            mapping.terms().forEach((term, group) -> {
                if (!hasGroup(group)) {
                    problems.add(new SettingProblem(at + ".terms." + term, "This DHIS2 has no organisation unit group "
                            + group));
                }
            });
            return;
        }
        if (mapping.attributeId() == null) {
            return;
        }
        Attribute attribute = attribute(mapping.attributeId());
        if (attribute == null) {
            problems.add(new SettingProblem(at + ".target", "DHIS2 has no organisation unit attribute "
                    + mapping.attributeId() + " that a registry attribute fits (file, image, coordinate, organisation"
                    + " unit, reference, geojson and tracker associate attributes are not synchronized)"));
        } else if (mapping.kind() == ExportConfig.Kind.OPTION_SET) {
            OptionSet set = attribute.optionSet() == null ? null : optionSet(attribute.optionSet());
            if (set == null) {
                problems.add(new SettingProblem(at + ".target", "DHIS2 attribute " + attribute.name()
                        + " has no option set: map it as VALUE"));
                return;
            }
            mapping.terms().forEach((term, option) -> {
                if (!set.hasCode(option)) {
                    problems.add(new SettingProblem(at + ".terms." + term, "Option set " + set.name()
                            + " has no option with code " + option));
                }
            });
        } else if (ValueTypes.TERM.equals(attribute.registryType())) {
            problems.add(new SettingProblem(at + ".type", "DHIS2 attribute " + attribute.name() + " takes the codes"
                    + " of option set " + attribute.optionSet() + ": map a term attribute as OPTION_SET"));
        }
    }

    /** A map that keeps nulls out and its keys in order. */
    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }
}
