package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;

/**
 * One export job: the configured levels of the hierarchy, parents first, in metadata imports of at most
 * {@link #BATCH_OBJECTS} units and {@link #BATCH_BYTES} bytes. Units are matched by the DHIS2 id the registry
 * stored for them (never by code); a new unit gets an id made here, so its children can point at it. With
 * atomicMode=NONE a rejected unit is reported alone and the rest of its batch is committed.
 *
 * <p>Per level: {@code ALL} creates and updates units and sets their parent; {@code ORG_UNITS} updates the
 * properties of units DHIS2 has, keeping their parent; {@code RELATIONSHIPS} only sets the parent of units DHIS2
 * has; {@code NONE} sends nothing. Every confirmed unit joins its level's groups and the groups its terms map to.
 */
final class Dhis2Export {

    static final String STAGE = "EXPORT";
    static final int BATCH_OBJECTS = 1000;
    /** Under the 10 MB that proxies in front of DHIS2 commonly accept, with room for headers. */
    static final int BATCH_BYTES = 9 * 1024 * 1024;
    private static final int MIN_BATCH_BYTES = 64 * 1024;
    /** Stands for the id of a unit that a dry run would create: it does not exist in DHIS2 yet. */
    private static final String PLANNED = "";
    /** The JDK's logger: the bundle imports nothing but the API and Jackson. */
    private static final System.Logger LOG = System.getLogger(Dhis2Export.class.getName());

    /** An object whose unit waits in the batch; {@code existing} when DHIS2 should already have it. */
    private record Pending(GeoObject object, String uid, boolean existing, ObjectNode unit, List<String> groups) {}

    private final Dhis2Client client;
    private final SyncJob job;
    private final ExportConfig config;
    private final OrgUnitMapper units;
    private final CurrentUnits current;
    private final GroupMembership groups;
    private final String importPath;
    private final LocalDate today = LocalDate.now();
    /** DHIS2 id by type and code, for parents: filled as units are confirmed, then from the registry. */
    private final Map<String, String> ids = new HashMap<>();
    private final List<Pending> batch = new ArrayList<>();
    /** The level being exported, and the members groups get once its units are confirmed. */
    private ExportConfig.Level level;
    private final Map<String, Set<String>> groupMembers = new LinkedHashMap<>();
    private int batchBytes;
    /** {@link #BATCH_BYTES}, or less once DHIS2's proxy refused a body as too large. */
    private int maxBatchBytes = BATCH_BYTES;
    private long processed;
    private long committed;
    private long failed;

    Dhis2Export(Dhis2Client client, ObjectMapper mapper, SyncJob job, ExportConfig config, Dhis2Version version,
            Map<String, Dhis2Catalog.Attribute> attributes, List<String> locales) {
        this.client = client;
        this.job = job;
        this.config = config;
        this.units = new OrgUnitMapper(mapper, version, config, attributes, locales);
        this.current = new CurrentUnits(client, version);
        this.importPath = "/metadata?importStrategy=CREATE_AND_UPDATE&atomicMode=NONE&importReportMode=FULL"
                + "&identifier=UID" + (job.dryRun() ? "&importMode=VALIDATE" : "");
        this.groups = new GroupMembership(client, job, importPath);
    }

    void run() throws IOException {
        List<String> types = types();
        for (String type : types) {
            level = config.level(type);
            if (level == null || level.syncType() == ExportConfig.SyncType.NONE || job.isCancelled()) {
                continue;
            }
            groupMembers.clear();
            exportLevel(type);
            if (!job.isCancelled()) {
                groups.add(type, groupMembers);
            }
        }
        LOG.log(System.Logger.Level.INFO, "DHIS2 export {0} {1}: {2} objects, {3} committed, {4} rejected by DHIS2{5}",
                job.id(), job.isCancelled() ? "cancelled" : "done", processed, committed, failed,
                job.dryRun() ? " (dry run)" : "");
        job.progress(job.isCancelled() ? STAGE : "COMPLETE", processed, job.isCancelled() ? -1 : processed);
    }

    /**
     * The hierarchy's types, parents first. A configured type the hierarchy lacks is reported and skipped; levels
     * configured out of the hierarchy's order fail the job, naming the level.
     */
    private List<String> types() {
        List<String> types = job.registry().typesParentFirst(config.hierarchy());
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        int previous = -1;
        for (int i = 0; i < config.levels().size(); i++) {
            String type = config.levels().get(i).type();
            int at = types.indexOf(type);
            if (at < 0) {
                job.objectError(ObjectError.warning(null, "UNKNOWN_TYPE", "Type " + type
                        + " is not in hierarchy " + config.hierarchy() + "; its level was skipped"));
            } else if (at < previous) {
                throw new IllegalArgumentException(ExportConfig.LEVELS + "[" + i + "].type: " + type + " is above "
                        + config.levels().get(i - 1).type() + " in hierarchy " + config.hierarchy()
                        + ": each level must be a child of the level before it");
            } else {
                previous = at;
            }
        }
        return types;
    }

    private void exportLevel(String type) throws IOException {
        try (Stream<GeoObject> objects = job.registry().objects(type, job.changedSince())) {
            Iterator<GeoObject> it = objects.iterator();
            while (it.hasNext()) {
                if (job.isCancelled()) {
                    return;
                }
                Pending pending = prepare(it.next());
                if (pending == null) {
                    processed++;
                    continue;
                }
                // before the merge with DHIS2's values, which BATCH_BYTES leaves room for
                int bytes = pending.unit().toString().getBytes(StandardCharsets.UTF_8).length + 1;
                if (batch.size() >= BATCH_OBJECTS || (!batch.isEmpty() && batchBytes + bytes > maxBatchBytes)) {
                    flush();
                }
                batch.add(pending);
                batchBytes += bytes;
            }
        }
        // children of this level are only sent once their parents are committed
        flush();
    }

    /** The unit to send for an object, or null after reporting why it is not sent. */
    private Pending prepare(GeoObject object) {
        if (object.code() == null || object.code().isBlank()) {
            job.objectError(ObjectError.error(null, "NO_CODE", "An object of type " + object.typeCode() + " has no code")
                    .ofType(object.typeCode()));
            return null;
        }
        String uid = object.externalIds().get(job.externalSystemId());
        if (uid != null && !Uids.valid(uid)) {
            job.objectError(error(object, "INVALID_EXTERNAL_ID", "The DHIS2 id recorded for "
                    + object.code() + " (" + uid + ") is not a DHIS2 id"));
            return null;
        }
        ExportConfig.SyncType syncType = level.syncType();
        if (uid == null && syncType != ExportConfig.SyncType.ALL) {
            job.objectError(error(object, "NOT_IN_DHIS2", object.code() + " has no DHIS2 id and level "
                    + object.typeCode() + " only updates existing units (syncType ALL creates them)"));
            return null;
        }
        if (uid == null && !config.syncNonExistent() && !object.validOn(today)) {
            return null; // no longer valid: not created unless syncNonExistent; units DHIS2 has get their closedDate
        }
        if (uid != null) {
            ids.put(key(object.typeCode(), object.code()), uid);
        }
        Parent parent = syncType == ExportConfig.SyncType.ORG_UNITS ? Parent.KEEP : parent(object);
        if (parent == null || (parent.uid() == null && syncType == ExportConfig.SyncType.RELATIONSHIPS)) {
            return null;
        }
        if (syncType == ExportConfig.SyncType.RELATIONSHIPS) {
            ObjectNode unit = units.relationship(uid, parent.uid());
            return new Pending(object, uid, true, unit, List.of());
        }
        if (parent == Parent.AMBIGUOUS && uid == null) {
            return null; // not created as a root when its parent is not known
        }
        OrgUnitMapper.Mapped mapped = units.map(object, level, uid != null ? uid : Uids.generate(), parent.uid());
        mapped.problems().forEach(p -> job.objectError(p.ofType(object.typeCode())));
        if (mapped.unit() == null) {
            return null;
        }
        return new Pending(object, mapped.unit().get("id").asText(), uid != null, mapped.unit(), mapped.groups());
    }

    /**
     * Where a unit goes: under {@code uid}, or where DHIS2 has it when the registry sets no parent ({@link #KEEP})
     * or more than one ({@link #AMBIGUOUS}).
     */
    private record Parent(String uid) {
        static final Parent KEEP = new Parent(null);
        static final Parent AMBIGUOUS = new Parent(null);
    }

    /**
     * The DHIS2 parent of an object, or null after reporting why it has none. A parent whose type is not a
     * configured level is outside the export: DHIS2 keeps the parent it has (e.g. a country above the registry's
     * provinces). More than one parent in the hierarchy is an error, and the relationship is not exported.
     */
    private Parent parent(GeoObject object) {
        List<ParentLink> parents = object.parents().stream()
                .filter(p -> config.hierarchy().equals(p.hierarchy())).toList();
        if (parents.size() > 1) {
            job.objectError(error(object, "MULTIPLE_PARENTS", object.code() + " has " + parents.size()
                    + " parents in hierarchy " + config.hierarchy() + "; its relationship is not exported"));
            return Parent.AMBIGUOUS;
        }
        if (parents.isEmpty() || config.level(parents.get(0).typeCode()) == null) {
            return Parent.KEEP;
        }
        ParentLink link = parents.get(0);
        String parentUid = parentId(link);
        if (parentUid == null) {
            job.objectError(error(object, "PARENT_NOT_IN_DHIS2", "The parent of " + object.code() + " ("
                    + link.typeCode() + " " + link.code() + ") has no DHIS2 id: export it first"));
            return null;
        }
        if (parentUid.equals(PLANNED)) {
            job.objectError(ObjectError.warning(object.code(), "PARENT_NOT_CREATED", "Not checked: the parent of "
                    + object.code() + " would be created by this run, which is a dry run").ofType(object.typeCode()));
            return null;
        }
        return new Parent(parentUid);
    }

    private String parentId(ParentLink parent) {
        String key = key(parent.typeCode(), parent.code());
        String known = ids.get(key);
        if (known == null) {
            known = job.registry().find(parent.typeCode(), parent.code())
                    .map(p -> p.externalIds().get(job.externalSystemId())).orElse(null);
            if (known != null) {
                ids.put(key, known);
            }
        }
        return known;
    }

    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        boolean relationshipsOnly = level.syncType() == ExportConfig.SyncType.RELATIONSHIPS;
        Map<String, ObjectNode> stored = current.read(batch.stream().filter(Pending::existing).map(Pending::uid).toList(),
                relationshipsOnly || !config.includeGeometry());
        List<Pending> sending = new ArrayList<>(batch.size());
        List<String> sent = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            ObjectNode old = stored.get(pending.uid());
            if (pending.existing() && old == null) {
                job.objectError(error(pending.object(), "NOT_FOUND_IN_DHIS2", "DHIS2 has no organisation unit "
                        + pending.uid() + ", the id recorded for " + pending.object().code()));
                failed++;
                continue;
            }
            ObjectNode unit = old == null ? CurrentUnits.withoutNulls(pending.unit())
                    : CurrentUnits.merge(old, pending.unit());
            sending.add(pending);
            sent.add(unit.toString());
        }
        if (!sending.isEmpty()) {
            post(sending, sent);
        }
        processed += batch.size();
        batch.clear();
        batchBytes = 0;
        job.progress(STAGE, processed, -1);
    }

    /**
     * Posts units in one metadata import. A body refused as too large (a proxy's 413) is sent again in halves, and
     * later batches are kept under half its size; a single unit refused so is an error of its own.
     */
    private void post(List<Pending> sending, List<String> sent) throws Dhis2Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batchBytes + 64);
        body.writeBytes("{\"organisationUnits\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sent.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(sent.get(i).getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        ImportReports.Outcome outcome;
        try {
            outcome = client.importMetadata(importPath, body.toByteArray(), ImportReports.ORG_UNIT,
                    "a batch of " + sending.size() + " units, " + body.size() + " bytes");
        } catch (Dhis2Exception e) {
            if (e.kind() != Dhis2Exception.Kind.TOO_LARGE) {
                throw e;
            }
            maxBatchBytes = Math.max(MIN_BATCH_BYTES, Math.min(maxBatchBytes, body.size() / 2));
            if (sending.size() == 1) {
                failed++;
                job.objectError(error(sending.get(0).object(), "TOO_LARGE", e.getMessage()
                        + ": the unit alone is " + body.size() + " bytes (its geometry may need simplifying)"));
                return;
            }
            int half = sending.size() / 2;
            post(sending.subList(0, half), sent.subList(0, half));
            post(sending.subList(half, sending.size()), sent.subList(half, sent.size()));
            return;
        }
        record(outcome, sending, sent);
    }

    /** Reports each rejected unit and records the DHIS2 id of each confirmed one. */
    private void record(ImportReports.Outcome outcome, List<Pending> sending, List<String> sent) {
        List<Pending> accepted = new ArrayList<>();
        boolean listed = false;
        for (int i = 0; i < sending.size(); i++) {
            Pending pending = sending.get(i);
            ImportReports.ObjectReport report = outcome.object(i, pending.uid());
            listed |= report != null;
            if (report == null || report.errors().isEmpty()) {
                accepted.add(pending);
                continue;
            }
            failed++;
            for (JsonNode error : report.errors()) {
                job.objectError(new ObjectError(pending.object().code(), ObjectError.Severity.ERROR,
                        error.path("errorCode").asText("DHIS2"), error.path("message").asText("Rejected by DHIS2"),
                        sent.get(i), report.json().toString(), pending.object().typeCode()));
            }
        }
        // without per-object reports only the counts tell whether the rest was committed
        if (!job.dryRun() && !listed && outcome.committed() != accepted.size()) {
            job.objectError(ObjectError.error(null, "UNCONFIRMED", "DHIS2 reported " + outcome.committed()
                    + " units committed out of " + accepted.size() + " sent without error; their ids were not recorded"));
            return;
        }
        for (Pending pending : accepted) {
            if (!job.dryRun() || pending.existing()) {
                Stream.concat(level.orgUnitGroups().stream(), pending.groups().stream()).forEach(g ->
                        groupMembers.computeIfAbsent(g, k -> new LinkedHashSet<>()).add(pending.uid()));
            }
            String key = key(pending.object().typeCode(), pending.object().code());
            if (job.dryRun()) {
                ids.putIfAbsent(key, PLANNED);
            } else {
                if (!pending.existing()) {
                    job.registry().saveExternalId(pending.object().typeCode(), pending.object().code(), pending.uid());
                }
                ids.put(key, pending.uid());
                committed++;
            }
        }
    }

    private static ObjectError error(GeoObject object, String code, String message) {
        return ObjectError.error(object.code(), code, message).ofType(object.typeCode());
    }

    private static String key(String type, String code) {
        return type + '\u0000' + code;
    }
}
