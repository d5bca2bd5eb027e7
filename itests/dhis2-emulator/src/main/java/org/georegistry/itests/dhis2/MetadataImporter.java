package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * POST /api/metadata: validates like DHIS2's object bundle (schema checks, preheat references, uniqueness) and commits
 * under the store's write lock, all or nothing when atomicMode=ALL.
 */
final class MetadataImporter {
    static final String GROUP_KLASS = "org.hisp.dhis.organisationunit.OrganisationUnitGroup";
    static final String LEVEL_KLASS = "org.hisp.dhis.organisationunit.OrganisationUnitLevel";
    static final String ATTRIBUTE_KLASS = "org.hisp.dhis.attribute.Attribute";
    static final String OPTION_SET_KLASS = "org.hisp.dhis.option.OptionSet";
    private static final String ORG_UNIT = ErrorReport.ORG_UNIT;
    private static final List<String> CONTACT_FIELDS = List.of("address", "email", "phoneNumber", "url",
            "contactPerson", "comment");

    private final Dhis2Store store;
    private final Dhis2Version version;
    private final Predicate<String> rejectedCode;

    MetadataImporter(Dhis2Store store, Dhis2Version version, Predicate<String> rejectedCode) {
        this.store = store;
        this.version = version;
        this.rejectedCode = rejectedCode;
    }

    ImportReport run(MetadataPayload payload, ImportParams params) {
        return store.write(() -> new Run(payload, params).execute());
    }

    /** One import: the state of every object of the payload until it is committed or dropped. */
    private final class Run {
        private final MetadataPayload payload;
        private final ImportParams params;
        private final ImportReport report = new ImportReport();
        private final List<Runnable> commits = new ArrayList<>();
        private final Map<String, Attribute> attributes = new HashMap<>();
        private final Map<String, OptionSet> optionSets = new HashMap<>();
        private final List<Candidate> units = new ArrayList<>();
        private final Map<String, Candidate> unitsByUid = new HashMap<>();
        private final Map<String, Candidate> unitsByCode = new HashMap<>();
        private final String now = Json.now();

        Run(MetadataPayload payload, ImportParams params) {
            this.payload = payload;
            this.params = params;
        }

        ImportReport execute() {
            importAttributesAndOptions();
            importLevels();
            importUnits();
            importGroups();
            boolean failed = report.hasErrors();
            if (failed && params.atomic()) {
                report.ignoreAll();
                report.status(ImportReport.Status.ERROR);
                return report;
            }
            if (params.commit()) {
                commits.forEach(Runnable::run);
            }
            if (failed) {
                boolean someDone = commits.size() > 0;
                report.status(someDone ? ImportReport.Status.WARNING : ImportReport.Status.ERROR);
            }
            return report;
        }

        // ---- simple types: attributes, option sets, levels ----

        private void importAttributesAndOptions() {
            Map<String, ObjectNode> options = new HashMap<>();
            for (ObjectNode option : payload.get(MetadataPayload.OPTIONS)) {
                String id = Json.text(option, "id");
                if (id != null) {
                    options.put(id, option);
                }
            }
            importSimple(OPTION_SET_KLASS, MetadataPayload.OPTION_SETS, (id, code) -> store.optionSet(id),
                    (node, uid) -> optionSet(node, uid, options), set -> {
                        optionSets.put(set.id(), set);
                        commits.add(() -> store.putOptionSet(set));
                    });
            importSimple(ATTRIBUTE_KLASS, MetadataPayload.ATTRIBUTES,
                    (id, code) -> id != null ? store.attributeById(id) : store.attributeByCode(code),
                    this::attribute, attribute -> {
                        attributes.put(attribute.id(), attribute);
                        commits.add(() -> store.putAttribute(attribute));
                    });
        }

        private void importLevels() {
            importSimple(LEVEL_KLASS, MetadataPayload.LEVELS, (id, code) -> store.levelById(id),
                    (node, uid) -> new OrgUnitLevel(uid, Json.text(node, "code"), Json.text(node, "name"),
                            node.path("level").asInt(), created(store.levelById(uid), OrgUnitLevel::created), now),
                    level -> commits.add(() -> store.putLevel(level)));
        }

        private OptionSet optionSet(ObjectNode node, String uid, Map<String, ObjectNode> payloadOptions) {
            OptionSet old = store.optionSet(uid);
            List<OptionSet.Option> options = new ArrayList<>();
            for (JsonNode ref : node.path("options")) {
                String optionId = Json.text(ref, "id");
                ObjectNode full = payloadOptions.get(optionId);
                JsonNode source = full != null ? full : ref;
                OptionSet.Option known = old == null ? null : old.options().stream()
                        .filter(o -> o.id().equals(optionId)).findFirst().orElse(null);
                String code = Json.text(source, "code");
                options.add(new OptionSet.Option(optionId, code != null ? code : known == null ? null : known.code(),
                        Json.text(source, "name"), source.path("sortOrder").asInt(options.size() + 1)));
            }
            return new OptionSet(uid, Json.text(node, "code"), Json.text(node, "name"),
                    node.path("valueType").asText("TEXT"), options, created(old, OptionSet::created), now);
        }

        private Attribute attribute(ObjectNode node, String uid) {
            return new Attribute(uid, Json.text(node, "code"), Json.text(node, "name"),
                    node.path("valueType").asText("TEXT"), node.path("organisationUnitAttribute").asBoolean(),
                    node.path("unique").asBoolean(), node.path("mandatory").asBoolean(),
                    Json.text(node.path("optionSet"), "id"), created(store.attributeById(uid), Attribute::created), now);
        }

        /** Create-or-update of a type the emulator only stores: checks the uid, the name and the strategy. */
        private <T> void importSimple(String klass, String type, BiFunction<String, String, T> existing,
                BiFunction<ObjectNode, String, T> build, Consumer<T> accept) {
            if (!payload.has(type)) {
                return;
            }
            ImportReport.TypeReport typeReport = report.type(klass);
            List<ObjectNode> nodes = payload.get(type);
            for (int index = 0; index < nodes.size(); index++) {
                ObjectNode node = nodes.get(index);
                List<ErrorReport> errors = new ArrayList<>();
                String id = Json.text(node, "id");
                checkUid(klass, id, errors);
                if (Json.text(node, "name") == null) {
                    errors.add(ErrorReport.missing(klass, "name", ErrorReport.STRING));
                }
                T old = errors.isEmpty() ? existing.apply(params.matchesUid() ? id : null,
                        params.matchesCode() ? Json.text(node, "code") : null) : null;
                String uid = id != null ? id : Uids.generate();
                checkStrategy(klass, old != null, uid, errors);
                if (tally(typeReport, new ImportReport.ObjectReport(klass, index, uid, errors), old != null)) {
                    accept.accept(build.apply(node, uid));
                }
            }
        }

        // ---- organisation units ----

        private final class Candidate {
            final int index;
            final ObjectNode node;
            final String uid;
            final OrgUnit existing;
            final List<ErrorReport> errors = new ArrayList<>();
            String parentUid;
            int depth;

            Candidate(int index, ObjectNode node, String uid, OrgUnit existing) {
                this.index = index;
                this.node = node;
                this.uid = uid;
                this.existing = existing;
            }

            boolean ok() {
                return errors.isEmpty();
            }

            String display() {
                return Json.text(node, "name") + " [" + uid + "] (OrganisationUnit)";
            }
        }

        private void importUnits() {
            if (!payload.has(MetadataPayload.ORG_UNITS)) {
                return;
            }
            List<ObjectNode> nodes = payload.get(MetadataPayload.ORG_UNITS);
            for (int index = 0; index < nodes.size(); index++) {
                units.add(schemaChecked(index, nodes.get(index)));
            }
            boolean delete = params.importStrategy().equals("DELETE");
            for (Candidate unit : units) {
                if (!delete) {
                    checkContent(unit);
                }
            }
            if (delete) {
                checkDeletions();
            } else {
                boolean changed;
                do {
                    changed = checkParents() | checkCycles();
                } while (changed);
            }
            ImportReport.TypeReport typeReport = report.type(ORG_UNIT);
            List<Candidate> accepted = new ArrayList<>();
            for (Candidate unit : units) {
                typeReport.objectReports.add(new ImportReport.ObjectReport(ORG_UNIT, unit.index, unit.uid, unit.errors));
                if (!unit.ok()) {
                    typeReport.ignored++;
                } else if (delete) {
                    typeReport.deleted++;
                    accepted.add(unit);
                } else {
                    if (unit.existing != null) {
                        typeReport.updated++;
                    } else {
                        typeReport.created++;
                    }
                    accepted.add(unit);
                }
            }
            // parents before children when storing, children before parents when deleting
            accepted.sort(Comparator.comparingInt(c -> delete ? -c.depth : c.depth));
            for (Candidate unit : accepted) {
                if (delete) {
                    commits.add(() -> store.removeUnit(unit.uid));
                } else {
                    OrgUnit built = build(unit);
                    commits.add(() -> store.putUnit(built));
                }
            }
        }

        /** Checks that need nothing but the object itself, and the match with what is stored. */
        private Candidate schemaChecked(int index, ObjectNode node) {
            // required and length checks come first, as in errors/metadata-post-update-nonexistent-E4000-E4002.json
            List<ErrorReport> errors = new ArrayList<>();
            String code = Json.text(node, "code");
            if (!params.importStrategy().equals("DELETE")) {
                requireText(node, "name", 230, errors);
                requireText(node, "shortName", 50, errors);
                if (Json.text(node, "openingDate") == null) {
                    errors.add(ErrorReport.missing(ORG_UNIT, "openingDate", ErrorReport.DATE));
                }
                if (code != null && code.length() > 50) {
                    errors.add(ErrorReport.tooLong(ORG_UNIT, "code", 50, code.length()));
                }
            }
            String id = Json.text(node, "id");
            List<ErrorReport> idErrors = new ArrayList<>();
            checkUid(ORG_UNIT, id, idErrors);
            errors.addAll(idErrors);
            OrgUnit existing = null;
            if (idErrors.isEmpty()) {
                if (params.matchesUid() && id != null) {
                    existing = store.unit(id);
                }
                if (existing == null && params.matchesCode() && code != null) {
                    existing = store.unitByCode(code);
                }
            }
            String uid = existing != null ? existing.id() : id != null ? id : Uids.generate();
            Candidate unit = new Candidate(index, node, uid, existing);
            unit.errors.addAll(errors);
            checkStrategy(ORG_UNIT, existing != null, uid, unit.errors);
            Candidate earlier = unitsByUid.putIfAbsent(uid, unit);
            if (earlier != null) {
                unit.errors.add(new ErrorReport("E5004", "Id `" + uid + "` for type `OrganisationUnit` exists on more"
                        + " than 1 object in the payload, removing all but the first found.", ORG_UNIT, ORG_UNIT, "id",
                        List.of(uid, "OrganisationUnit"), uid));
            }
            if (code != null) {
                Candidate sameCode = unitsByCode.putIfAbsent(code, unit);
                if (sameCode != null && sameCode != unit && earlier == null) {
                    unit.errors.add(ErrorReport.duplicateProperty(ORG_UNIT, "code", code, unit.display(), sameCode.uid));
                }
            }
            return unit;
        }

        private void requireText(ObjectNode node, String property, int max, List<ErrorReport> errors) {
            String value = Json.text(node, property);
            if (value == null) {
                errors.add(ErrorReport.missing(ORG_UNIT, property, ErrorReport.STRING));
            } else if (value.length() > max) {
                errors.add(ErrorReport.tooLong(ORG_UNIT, property, max, value.length()));
            }
        }

        /** Dates, unique code, translations and attribute values of a unit to create or update. */
        private void checkContent(Candidate unit) {
            ObjectNode node = unit.node;
            String opening = Json.text(node, "openingDate");
            String closed = Json.text(node, "closedDate");
            if (opening != null && ValueTypes.date(opening) == null) {
                unit.errors.add(ErrorReport.invalidValue(ORG_UNIT, "openingDate", opening));
            }
            if (closed != null && ValueTypes.date(closed) == null) {
                unit.errors.add(ErrorReport.invalidValue(ORG_UNIT, "closedDate", closed));
            } else if (closed != null && opening != null && ValueTypes.date(opening) != null
                    && ValueTypes.date(closed).compareTo(ValueTypes.date(opening)) < 0) {
                unit.errors.add(ErrorReport.closedBeforeOpened(closed, opening));
            }
            String code = Json.text(node, "code");
            if (code != null) {
                OrgUnit holder = store.unitByCode(code);
                if (holder != null && !holder.id().equals(unit.uid)) {
                    unit.errors.add(ErrorReport.duplicateProperty(ORG_UNIT, "code", code, unit.display(), holder.id()));
                } else if (rejectedCode.test(code)) {
                    // fault injection: the server holds a unit with this code that the client cannot see
                    unit.errors.add(ErrorReport.duplicateProperty(ORG_UNIT, "code", code, unit.display(),
                            Uids.generate()));
                }
            }
            Set<String> seen = new HashSet<>();
            Set<String> reported = new HashSet<>();
            for (JsonNode translation : node.path("translations")) {
                String key = translation.path("property").asText() + "\u0000" + translation.path("locale").asText();
                if (!seen.add(key) && reported.add(key)) {
                    unit.errors.add(ErrorReport.duplicateTranslation(translation.path("property").asText(),
                            translation.path("locale").asText()));
                }
            }
            checkAttributeValues(unit);
        }

        private void checkAttributeValues(Candidate unit) {
            Set<String> given = new HashSet<>();
            for (JsonNode value : unit.node.path("attributeValues")) {
                JsonNode ref = value.path("attribute");
                Attribute attribute = attribute(Json.text(ref, "id"), Json.text(ref, "code"));
                String text = value.path("value").isContainerNode() ? value.path("value").toString()
                        : Json.text(value, "value");
                if (attribute == null) {
                    String shown = Json.text(ref, "id") != null ? Json.text(ref, "id") : Json.text(ref, "code");
                    unit.errors.add(ErrorReport.invalidReference(ORG_UNIT, "[" + shown + "] (Attribute)",
                            unit.display(), "attributeValues", ATTRIBUTE_KLASS));
                    continue;
                }
                given.add(attribute.id());
                if (!attribute.organisationUnitAttribute()) {
                    unit.errors.add(ErrorReport.attributeNotForType(attribute.id()));
                } else if (text == null) {
                    continue;
                } else if (attribute.optionSetId() != null) {
                    OptionSet set = optionSet(attribute.optionSetId());
                    if (set == null || !set.hasOptionCode(text)) {
                        unit.errors.add(ErrorReport.invalidValue(ORG_UNIT, "attributeValues", text));
                    }
                } else if (!ValueTypes.isValid(attribute.valueType(), text, this::unitExists)) {
                    unit.errors.add(ErrorReport.invalidValue(ORG_UNIT, "attributeValues", text));
                } else if (attribute.unique() && takenBy(attribute.id(), text, unit.uid)) {
                    unit.errors.add(ErrorReport.uniqueAttribute(attribute.id(), text));
                }
            }
            for (Attribute attribute : knownAttributes()) {
                if (attribute.organisationUnitAttribute() && attribute.mandatory() && !given.contains(attribute.id())) {
                    unit.errors.add(ErrorReport.mandatoryAttribute(attribute.id()));
                }
            }
        }

        private Attribute attribute(String id, String code) {
            if (id != null) {
                Attribute pending = attributes.get(id);
                return pending != null ? pending : store.attributeById(id);
            }
            return code == null ? null : store.attributeByCode(code);
        }

        private OptionSet optionSet(String id) {
            OptionSet pending = optionSets.get(id);
            return pending != null ? pending : store.optionSet(id);
        }

        private Set<Attribute> knownAttributes() {
            Set<Attribute> all = new LinkedHashSet<>(attributes.values());
            store.attributes().forEach(a -> {
                if (!attributes.containsKey(a.id())) {
                    all.add(a);
                }
            });
            return all;
        }

        private boolean unitExists(String uid) {
            return store.unit(uid) != null || unitsByUid.containsKey(uid);
        }

        private final Map<String, Map<String, String>> uniqueValues = new HashMap<>();

        /** Whether another unit (stored or earlier in the payload) holds this value of a unique attribute. */
        private boolean takenBy(String attributeId, String value, String uid) {
            Map<String, String> holders = uniqueValues.computeIfAbsent(attributeId, id -> {
                Map<String, String> map = new HashMap<>();
                for (OrgUnit stored : store.unitsInOrder()) {
                    String v = stored.attributeValue(id);
                    if (v != null) {
                        map.put(v, stored.id());
                    }
                }
                return map;
            });
            String holder = holders.putIfAbsent(value, uid);
            return holder != null && !holder.equals(uid);
        }

        /** E5002 for a parent that is neither stored nor an acceptable object of this payload. Returns whether any was added. */
        private boolean checkParents() {
            boolean changed = false;
            for (Candidate unit : units) {
                JsonNode parent = unit.node.get("parent");
                if (!unit.ok() || parent == null || parent.isNull()) {
                    continue;
                }
                String parentId = Json.text(parent, "id");
                String parentCode = Json.text(parent, "code");
                Candidate inPayload = params.matchesUid() && parentId != null ? unitsByUid.get(parentId) : null;
                if (inPayload == null && params.matchesCode() && parentCode != null) {
                    inPayload = unitsByCode.get(parentCode);
                }
                OrgUnit stored = null;
                if (inPayload == null) {
                    stored = params.matchesUid() && parentId != null ? store.unit(parentId) : null;
                    if (stored == null && params.matchesCode() && parentCode != null) {
                        stored = store.unitByCode(parentCode);
                    }
                }
                // like DHIS2's preheat, a parent anywhere in the payload is a valid reference; only when invalid
                // objects are dropped (atomicMode=NONE) does a child of a dropped new parent fail with it
                boolean valid = inPayload != null ? inPayload.ok() || params.atomic() || inPayload.existing != null
                        : stored != null;
                if (valid) {
                    unit.parentUid = inPayload != null ? inPayload.uid : stored.id();
                } else {
                    String shown = parentId != null ? parentId : parentCode;
                    unit.errors.add(ErrorReport.invalidReference(ORG_UNIT, "[" + shown + "] (OrganisationUnit)",
                            unit.display(), "parent", ORG_UNIT));
                    changed = true;
                }
            }
            return changed;
        }

        /**
         * Walks each unit's chain of new parents. DHIS2 has no error code of its own for a cycle; it is reported as an
         * invalid value of {@code parent}. Also records each unit's depth for the commit order.
         */
        private boolean checkCycles() {
            boolean changed = false;
            int limit = units.size() + store.organisationUnitCount() + 1;
            for (Candidate unit : units) {
                if (!unit.ok()) {
                    continue;
                }
                int depth = 0;
                String current = unit.parentUid;
                while (current != null && depth <= limit) {
                    if (current.equals(unit.uid)) {
                        unit.errors.add(ErrorReport.invalidValue(ORG_UNIT, "parent", unit.parentUid));
                        changed = true;
                        break;
                    }
                    depth++;
                    current = parentOf(current);
                }
                unit.depth = depth;
            }
            return changed;
        }

        private String parentOf(String uid) {
            Candidate inPayload = unitsByUid.get(uid);
            if (inPayload != null && inPayload.ok()) {
                return inPayload.parentUid;
            }
            OrgUnit stored = store.unit(uid);
            return stored == null ? null : stored.parentId();
        }

        /** DELETE refuses a unit whose children stay (E4030). */
        private void checkDeletions() {
            for (Candidate unit : units) {
                if (!unit.ok()) {
                    continue;
                }
                for (String child : store.childrenOf(unit.uid)) {
                    Candidate deleted = unitsByUid.get(child);
                    if (deleted == null || !deleted.ok()) {
                        unit.errors.add(ErrorReport.hasChildren(unit.uid));
                        break;
                    }
                }
                OrgUnit stored = store.unit(unit.uid);
                unit.depth = stored == null ? 0 : stored.level();
            }
        }

        /** A full replacement: every property not sent becomes empty (mergeMode is gone from DHIS2). */
        private OrgUnit build(Candidate unit) {
            ObjectNode node = unit.node;
            List<OrgUnit.Translation> translations = new ArrayList<>();
            for (JsonNode t : node.path("translations")) {
                translations.add(new OrgUnit.Translation(t.path("property").asText(), t.path("locale").asText(),
                        t.path("value").asText()));
            }
            List<OrgUnit.AttributeValue> values = new ArrayList<>();
            for (JsonNode v : node.path("attributeValues")) {
                JsonNode ref = v.path("attribute");
                Attribute attribute = attribute(Json.text(ref, "id"), Json.text(ref, "code"));
                JsonNode value = v.path("value");
                values.add(new OrgUnit.AttributeValue(attribute.id(), value.isContainerNode() ? value.toString()
                        : value.asText()));
            }
            ObjectNode contact = Json.NODES.objectNode();
            for (String field : CONTACT_FIELDS) {
                Json.putIfNotNull(contact, field, Json.text(node, field));
            }
            JsonNode geometry = version.hasGeometry() && node.path("geometry").isObject() ? node.get("geometry") : null;
            String featureType = version.hasGeometry() ? null : Json.text(node, "featureType");
            String coordinates = version.hasGeometry() ? null : Json.text(node, "coordinates");
            return new OrgUnit(unit.uid, Json.text(node, "code"), Json.text(node, "name"), Json.text(node, "shortName"),
                    Json.text(node, "description"), ValueTypes.date(Json.text(node, "openingDate")),
                    ValueTypes.date(Json.text(node, "closedDate")), unit.parentUid, null, 0, geometry, featureType,
                    coordinates, List.copyOf(translations), List.copyOf(values), contact,
                    unit.existing != null ? unit.existing.created() : now, now);
        }

        // ---- groups ----

        private void importGroups() {
            if (!payload.has(MetadataPayload.GROUPS)) {
                return;
            }
            ImportReport.TypeReport typeReport = report.type(GROUP_KLASS);
            List<ObjectNode> nodes = payload.get(MetadataPayload.GROUPS);
            for (int index = 0; index < nodes.size(); index++) {
                ObjectNode node = nodes.get(index);
                List<ErrorReport> errors = new ArrayList<>();
                String id = Json.text(node, "id");
                checkUid(GROUP_KLASS, id, errors);
                for (String property : List.of("name", "shortName")) {
                    if (Json.text(node, property) == null) {
                        errors.add(ErrorReport.missing(GROUP_KLASS, property, ErrorReport.STRING));
                    }
                }
                OrgUnitGroup old = null;
                if (errors.isEmpty()) {
                    old = params.matchesUid() && id != null ? store.group(id) : null;
                    if (old == null && params.matchesCode()) {
                        old = store.groupByCode(Json.text(node, "code"));
                    }
                }
                String uid = old != null ? old.id() : id != null ? id : Uids.generate();
                checkStrategy(GROUP_KLASS, old != null, uid, errors);
                Set<String> members = new LinkedHashSet<>();
                for (JsonNode ref : node.path("organisationUnits")) {
                    String member = member(ref);
                    if (member == null) {
                        String shown = Json.text(ref, "id") != null ? Json.text(ref, "id") : Json.text(ref, "code");
                        errors.add(ErrorReport.invalidReference(GROUP_KLASS, "[" + shown + "] (OrganisationUnit)",
                                Json.text(node, "name") + " [" + uid + "] (OrganisationUnitGroup)",
                                "organisationUnits", ORG_UNIT));
                    } else {
                        members.add(member);
                    }
                }
                if (!tally(typeReport, new ImportReport.ObjectReport(GROUP_KLASS, index, uid, errors), old != null)) {
                    continue;
                }
                OrgUnitGroup group = new OrgUnitGroup(uid, Json.text(node, "code"), Json.text(node, "name"),
                        Json.text(node, "shortName"), members, old != null ? old.created() : now, now);
                commits.add(() -> store.putGroup(group));
            }
        }

        private String member(JsonNode ref) {
            String id = Json.text(ref, "id");
            String code = Json.text(ref, "code");
            if (params.matchesUid() && id != null) {
                Candidate unit = unitsByUid.get(id);
                if ((unit != null && unit.ok()) || store.unit(id) != null) {
                    return id;
                }
            }
            if (params.matchesCode() && code != null) {
                Candidate unit = unitsByCode.get(code);
                if (unit != null && unit.ok()) {
                    return unit.uid;
                }
                OrgUnit stored = store.unitByCode(code);
                return stored == null ? null : stored.id();
            }
            return null;
        }

        // ---- shared checks ----

        /** Counts an object of a type without deletion support; returns whether it is to be committed. */
        private boolean tally(ImportReport.TypeReport typeReport, ImportReport.ObjectReport object, boolean exists) {
            typeReport.objectReports.add(object);
            if (!object.errors().isEmpty() || params.importStrategy().equals("DELETE")) {
                typeReport.ignored++;
                return false;
            }
            if (exists) {
                typeReport.updated++;
            } else {
                typeReport.created++;
            }
            return true;
        }

        private void checkUid(String klass, String id, List<ErrorReport> errors) {
            if (id == null) {
                return;
            }
            if (id.length() != Uids.LENGTH) {
                errors.add(ErrorReport.idLength(klass, id));
            } else if (!Uids.isValid(id)) {
                errors.add(ErrorReport.invalidUid(klass, id));
            }
        }

        private void checkStrategy(String klass, boolean exists, String uid, List<ErrorReport> errors) {
            if (!errors.isEmpty()) {
                return;
            }
            String strategy = params.importStrategy();
            if (exists && strategy.equals("CREATE")) {
                errors.add(ErrorReport.foundButCreate(klass, params.identifier(), uid));
            } else if (!exists && (strategy.equals("UPDATE") || strategy.equals("DELETE"))) {
                errors.add(ErrorReport.notFound(klass, params.identifier(), uid));
            }
        }

        private <T> String created(T old, Function<T, String> created) {
            return old == null ? now : created.apply(old);
        }
    }
}
