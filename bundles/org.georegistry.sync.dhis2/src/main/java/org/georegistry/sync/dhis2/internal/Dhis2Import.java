package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;

/**
 * One import job: DHIS2's organisation units, level by level from the top, become Geo-Objects of the configured
 * types. Each unit is read once, in pages of {@link #PAGE_SIZE}, and saved through the registry, which checks it as
 * its REST API would; a unit the registry refuses is reported and the import goes on. The unit's uid becomes the
 * object's external id, its parent the object's parent (found by the parent's uid). Mappings are read backwards:
 * each DHIS2 target fills its registry source.
 */
final class Dhis2Import {

    static final String STAGE = "IMPORT";
    static final int PAGE_SIZE = 1000;
    private static final String FIELDS = "id,code,name,shortName,description,openingDate,closedDate,parent%5Bid%5D,"
            + "comment,url,contactPerson,address,email,phoneNumber,translations%5Bproperty,locale,value%5D,"
            + "attributeValues%5Bvalue,attribute%5Bid%5D%5D,organisationUnitGroups%5Bid%5D";
    private static final System.Logger LOG = System.getLogger(Dhis2Import.class.getName());

    private final Dhis2Client client;
    private final ObjectMapper mapper;
    private final SyncJob job;
    private final ExportConfig config;
    private final Dhis2Version version;
    private final Map<String, Dhis2Catalog.Attribute> attributes;
    /** Uids checked in this dry run: their children may name them as parents though nothing was stored. */
    private final Set<String> planned = new HashSet<>();
    private long processed;
    private long saved;
    private long failed;

    Dhis2Import(Dhis2Client client, ObjectMapper mapper, SyncJob job, ExportConfig config, Dhis2Version version,
            Map<String, Dhis2Catalog.Attribute> attributes) {
        this.client = client;
        this.mapper = mapper;
        this.job = job;
        this.config = config;
        this.version = version;
        this.attributes = attributes;
    }

    void run() throws Dhis2Exception {
        List<String> types = job.registry().typesParentFirst(config.hierarchy());
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        for (int i = 0; i < config.levels().size() && !job.isCancelled(); i++) {
            ExportConfig.Level level = config.levels().get(i);
            if (level.syncType() == ExportConfig.SyncType.NONE) {
                continue;
            }
            if (!types.contains(level.type())) {
                throw new IllegalArgumentException(ExportConfig.LEVELS + "[" + i + "].type: " + level.type()
                        + " is not in hierarchy " + config.hierarchy());
            }
            importLevel(level, level.dhis2Level() > 0 ? level.dhis2Level() : i + 1, i > 0);
        }
        LOG.log(System.Logger.Level.INFO, "DHIS2 import {0} {1}: {2} units read, {3} saved, {4} refused{5}", job.id(),
                job.isCancelled() ? "cancelled" : "done", processed, saved, failed, job.dryRun() ? " (dry run)" : "");
        job.progress(job.isCancelled() ? STAGE : "COMPLETE", processed, job.isCancelled() ? -1 : processed);
    }

    /** Reads one DHIS2 level page by page; only units changed since the last run when the run is incremental. */
    private void importLevel(ExportConfig.Level level, int dhis2Level, boolean withParent) throws Dhis2Exception {
        String fields = FIELDS + (!config.includeGeometry() ? "" : version.hasGeoJson() ? ",geometry"
                : ",featureType,coordinates");
        String since = job.changedSince().map(t -> "&filter=lastUpdated:ge:"
                + t.atOffset(ZoneOffset.UTC).toLocalDateTime().format(OrgUnitMapper.DATE)).orElse("");
        int pages = 1;
        for (int page = 1; page <= pages && !job.isCancelled(); page++) {
            JsonNode answer = client.getJson("/organisationUnits?level=" + dhis2Level + "&fields=" + fields
                    + since + "&order=id:asc&pageSize=" + PAGE_SIZE + "&page=" + page);
            pages = answer.path("pager").path("pageCount").asInt(1);
            long total = answer.path("pager").path("total").asLong(-1);
            save(level, answer.path("organisationUnits"), withParent);
            job.progress(STAGE, processed, total < 0 ? -1 : total);
        }
    }

    /** Saves a page of units of one level in one call (one database transaction in the server). */
    private void save(ExportConfig.Level level, JsonNode units, boolean withParent) {
        List<GeoObjectChange> changes = new ArrayList<>();
        Map<GeoObjectChange, ObjectNode> sources = new IdentityHashMap<>();
        for (JsonNode node : units) {
            ObjectNode unit = (ObjectNode) node;
            processed++;
            String code = unit.path("code").asText(unit.path("id").asText());
            try {
                GeoObjectChange change = change(level, unit, code, withParent);
                changes.add(change);
                sources.put(change, unit);
            } catch (IllegalArgumentException e) {
                refused(level, code, "UNMAPPED", e.getMessage(), unit);
            }
        }
        Set<GeoObjectChange> refusedChanges = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RegistryView.Refused r : job.registry().saveAll(changes)) {
            refusedChanges.add(r.change());
            refused(level, r.change().code(), "INVALID", r.reason(), sources.get(r.change()));
        }
        for (GeoObjectChange change : changes) {
            if (!refusedChanges.contains(change)) {
                saved++;
                if (job.dryRun()) {
                    planned.add(change.externalId());
                }
            }
        }
    }

    private void refused(ExportConfig.Level level, String code, String errorCode, String message, ObjectNode unit) {
        failed++;
        job.objectError(ObjectError.error(code, errorCode, message).ofType(level.type())
                .withExchange(null, unit.toString()));
    }

    /** The Geo-Object a unit becomes; throws when a mapped term has no counterpart. */
    private GeoObjectChange change(ExportConfig.Level level, ObjectNode unit, String code, boolean withParent) {
        GeoObjectChange change = GeoObjectChange.of(level.type(), code)
                .withExternalId(unit.path("id").asText())
                .withLabel(label(unit))
                .withValidity(day(unit.path("openingDate").asText(null)), day(unit.path("closedDate").asText(null)))
                .withAttributes(attributes(level, unit));
        String geometry = geometry(unit);
        if (geometry != null) {
            change = change.withGeometry(geometry);
        }
        String parent = unit.path("parent").path("id").asText(null);
        if (withParent && parent != null) {
            boolean onlyPlanned = planned.contains(parent) && job.registry().findByExternalId(parent).isEmpty();
            if (!onlyPlanned) {
                change = change.withParentExternalId(config.hierarchy(), parent);
            }
        }
        return change;
    }

    /** The name, with its translations (and under the preferred locale when one is configured). */
    private LocalizedText label(ObjectNode unit) {
        Map<String, String> values = new LinkedHashMap<>();
        String name = unit.path("name").asText(null);
        values.put(LocalizedText.DEFAULT, name);
        if (config.preferredLocale() != null) {
            values.put(config.preferredLocale(), name);
        }
        for (JsonNode t : unit.path("translations")) {
            if (t.path("property").asText().equals("NAME") && t.hasNonNull("value")) {
                values.putIfAbsent(t.path("locale").asText(), t.path("value").asText());
            }
        }
        return new LocalizedText(values);
    }

    private Map<String, Object> attributes(ExportConfig.Level level, ObjectNode unit) {
        Map<String, String> values = new HashMap<>();
        unit.path("attributeValues").forEach(v -> values.put(v.path("attribute").path("id").asText(),
                v.path("value").asText(null)));
        Set<String> groups = new HashSet<>();
        unit.path("organisationUnitGroups").forEach(g -> groups.add(g.path("id").asText()));
        Map<String, Object> out = new LinkedHashMap<>();
        for (ExportConfig.Mapping m : level.attributes()) {
            if (ExportConfig.FIELD_SOURCES.contains(m.source())) {
                continue; // code, label and validity come from their own DHIS2 properties
            }
            switch (m.kind()) {
                case ORG_UNIT_GROUP -> m.terms().entrySet().stream().filter(e -> groups.contains(e.getValue()))
                        .findFirst().ifPresent(e -> out.put(m.source(), e.getKey()));
                case OPTION_SET -> {
                    String option = values.get(m.attributeId());
                    if (option != null) {
                        out.put(m.source(), m.terms().entrySet().stream().filter(e -> e.getValue().equals(option))
                                .findFirst().map(Map.Entry::getKey).orElseThrow(() -> new IllegalArgumentException(
                                        "Option " + option + " of DHIS2 attribute " + m.attributeId()
                                                + " is not mapped to a term of " + m.source())));
                    }
                }
                case VALUE -> {
                    Object value = m.attributeId() == null ? text(unit, m.target())
                            : parse(m.attributeId(), values.get(m.attributeId()));
                    if (value != null) {
                        out.put(m.source(), value);
                    }
                }
            }
        }
        return out;
    }

    private Object parse(String attributeId, String value) {
        Dhis2Catalog.Attribute attribute = attributes.get(attributeId);
        return attribute == null || value == null ? null : ValueTypes.parse(attribute.valueType(), value);
    }

    private static Object text(ObjectNode unit, String property) {
        JsonNode value = unit.get(property);
        if (value == null || value.isNull()) {
            return null;
        }
        return ExportConfig.DATE_TARGETS.contains(property) ? day(value.asText()) : value.asText();
    }

    /** GeoJSON text: DHIS2's geometry (2.32+), or 2.31's featureType and coordinates as GeoJSON. */
    private String geometry(ObjectNode unit) {
        if (!config.includeGeometry()) {
            return null;
        }
        if (unit.path("geometry").isObject()) {
            return unit.get("geometry").toString();
        }
        String type = switch (unit.path("featureType").asText("")) {
            case "POINT" -> "Point";
            case "POLYGON" -> "Polygon";
            case "MULTI_POLYGON" -> "MultiPolygon";
            default -> null;
        };
        String coordinates = unit.path("coordinates").asText(null);
        if (type == null || coordinates == null) {
            return null;
        }
        try {
            ObjectNode geometry = mapper.createObjectNode().put("type", type);
            geometry.set("coordinates", mapper.readTree(coordinates));
            return geometry.toString();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static LocalDate day(String dhis2Date) {
        if (dhis2Date == null || dhis2Date.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(dhis2Date.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
