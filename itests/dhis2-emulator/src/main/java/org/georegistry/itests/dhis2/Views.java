package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The full JSON of each stored object, as DHIS2 returns it with {@code fields=*} (responses/organisationUnits-
 * ImspTQPwCqd.json, metadata-get-*.json). Callers hold the store's read lock.
 */
final class Views {
    private final Dhis2Store store;
    private final Dhis2Version version;
    private final String apiUrl;

    Views(Dhis2Store store, Dhis2Version version, String apiUrl) {
        this.store = store;
        this.version = version;
        this.apiUrl = apiUrl;
    }

    ObjectNode orgUnit(OrgUnit unit) {
        ObjectNode node = identifiable(unit.id(), unit.code(), unit.name(), unit.created(), unit.lastUpdated(),
                "organisationUnits");
        node.put("shortName", unit.shortName());
        node.put("displayShortName", unit.shortName());
        Json.putIfNotNull(node, "description", unit.description());
        node.put("openingDate", unit.openingDate());
        Json.putIfNotNull(node, "closedDate", unit.closedDate());
        node.setAll((ObjectNode) unit.contact());
        node.put("level", unit.level());
        node.put("path", unit.path());
        if (unit.parentId() != null) {
            node.set("parent", Json.ref(unit.parentId()));
        }
        ArrayNode children = node.putArray("children");
        store.childrenOf(unit.id()).forEach(child -> children.add(Json.ref(child)));
        node.put("leaf", children.isEmpty());
        ArrayNode ancestors = node.putArray("ancestors");
        String[] steps = unit.path().split("/");
        for (int i = 1; i < steps.length - 1; i++) {
            ancestors.add(Json.ref(steps[i]));
        }
        ArrayNode groups = node.putArray("organisationUnitGroups");
        for (OrgUnitGroup group : store.groupsInOrder()) {
            if (group.members().contains(unit.id())) {
                groups.add(Json.ref(group.id()));
            }
        }
        if (version.hasGeometry()) {
            if (unit.geometry() != null) {
                node.set("geometry", unit.geometry());
            }
        } else {
            node.put("featureType", unit.featureType() == null ? "NONE" : unit.featureType());
            Json.putIfNotNull(node, "coordinates", unit.coordinates());
        }
        ArrayNode translations = node.putArray("translations");
        for (OrgUnit.Translation t : unit.translations()) {
            translations.addObject().put("property", t.property()).put("locale", t.locale()).put("value", t.value());
        }
        ArrayNode values = node.putArray("attributeValues");
        for (OrgUnit.AttributeValue v : unit.attributeValues()) {
            ObjectNode value = values.addObject();
            value.put("value", v.value());
            value.set("attribute", Json.ref(v.attributeId()));
        }
        return node;
    }

    ObjectNode group(OrgUnitGroup group) {
        ObjectNode node = identifiable(group.id(), group.code(), group.name(), group.created(), group.lastUpdated(),
                "organisationUnitGroups");
        node.put("shortName", group.shortName());
        ArrayNode members = node.putArray("organisationUnits");
        group.members().forEach(member -> members.add(Json.ref(member)));
        return node;
    }

    ObjectNode level(OrgUnitLevel level) {
        ObjectNode node = identifiable(level.id(), level.code(), level.name(), level.created(), level.lastUpdated(),
                "organisationUnitLevels");
        node.put("level", level.level());
        return node;
    }

    ObjectNode attribute(Attribute attribute) {
        ObjectNode node = identifiable(attribute.id(), attribute.code(), attribute.name(), attribute.created(),
                attribute.lastUpdated(), "attributes");
        node.put("valueType", attribute.valueType());
        node.put("organisationUnitAttribute", attribute.organisationUnitAttribute());
        node.put("unique", attribute.unique());
        node.put("mandatory", attribute.mandatory());
        if (attribute.optionSetId() != null) {
            node.set("optionSet", Json.ref(attribute.optionSetId()));
        }
        return node;
    }

    ObjectNode optionSet(OptionSet set) {
        ObjectNode node = identifiable(set.id(), set.code(), set.name(), set.created(), set.lastUpdated(),
                "optionSets");
        node.put("valueType", set.valueType());
        ArrayNode options = node.putArray("options");
        for (OptionSet.Option option : set.options()) {
            ObjectNode o = options.addObject().put("id", option.id());
            Json.putIfNotNull(o, "code", option.code());
            Json.putIfNotNull(o, "name", option.name());
            o.put("sortOrder", option.sortOrder());
        }
        return node;
    }

    /** Full JSON of whatever stored object has this uid, for {@code fields=parent[id,name]} style expansion. */
    ObjectNode any(String uid) {
        OrgUnit unit = store.unit(uid);
        if (unit != null) {
            return orgUnit(unit);
        }
        OrgUnitGroup group = store.group(uid);
        if (group != null) {
            return group(group);
        }
        Attribute attribute = store.attributeById(uid);
        if (attribute != null) {
            return attribute(attribute);
        }
        OptionSet set = store.optionSet(uid);
        return set == null ? null : optionSet(set);
    }

    private ObjectNode identifiable(String id, String code, String name, String created, String lastUpdated,
            String collection) {
        ObjectNode node = Json.NODES.objectNode();
        node.put("id", id);
        Json.putIfNotNull(node, "code", code);
        node.put("name", name);
        node.put("displayName", name);
        node.put("created", created);
        node.put("lastUpdated", lastUpdated);
        node.put("href", apiUrl + "/" + collection + "/" + id);
        return node;
    }
}
