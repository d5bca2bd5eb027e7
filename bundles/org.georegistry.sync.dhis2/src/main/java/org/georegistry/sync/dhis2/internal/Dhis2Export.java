package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 */
final class Dhis2Export {

    static final String STAGE = "EXPORT";
    static final int BATCH_OBJECTS = 1000;
    /** Under the 10 MB that proxies in front of DHIS2 commonly accept, with room for headers. */
    static final int BATCH_BYTES = 9 * 1024 * 1024;
    /** Stands for the id of a unit that a dry run would create: it does not exist in DHIS2 yet. */
    private static final String PLANNED = "";
    /** The JDK's logger: the bundle imports nothing but the API and Jackson. */
    private static final System.Logger LOG = System.getLogger(Dhis2Export.class.getName());

    /** An object whose unit waits in the batch; {@code existing} when DHIS2 should already have it. */
    private record Pending(GeoObject object, String uid, boolean existing, ObjectNode unit) {}

    private final Dhis2Client client;
    private final ObjectMapper mapper;
    private final SyncJob job;
    private final ExportConfig config;
    private final OrgUnitMapper units;
    private final CurrentUnits current;
    private final GroupMembership groups;
    /** The units of the level being exported that DHIS2 holds, for its groups. */
    private final List<String> levelUnits = new ArrayList<>();
    private final String importPath;
    /** DHIS2 id by type and code, for parents: filled as units are confirmed, then from the registry. */
    private final Map<String, String> ids = new HashMap<>();
    private final List<Pending> batch = new ArrayList<>();
    private int batchBytes;
    private long processed;
    private long committed;
    private long failed;

    Dhis2Export(Dhis2Client client, ObjectMapper mapper, SyncJob job, ExportConfig config, Dhis2Version version) {
        this.client = client;
        this.mapper = mapper;
        this.job = job;
        this.config = config;
        this.units = new OrgUnitMapper(mapper, version, config);
        this.current = new CurrentUnits(client, version, !config.includeGeometry());
        this.importPath = "/metadata?importStrategy=CREATE_AND_UPDATE&atomicMode=NONE&importReportMode=FULL"
                + "&identifier=UID" + (job.dryRun() ? "&importMode=VALIDATE" : "");
        this.groups = new GroupMembership(client, job, importPath);
    }

    void run() throws IOException {
        List<String> types = job.registry().typesParentFirst(config.hierarchy());
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        for (ExportConfig.Level level : config.levels()) {
            if (!types.contains(level.type())) {
                job.objectError(ObjectError.warning(null, "UNKNOWN_TYPE", "Type " + level.type()
                        + " is not in hierarchy " + config.hierarchy() + "; its level was skipped"));
            }
        }
        for (String type : types) {
            ExportConfig.Level level = config.level(type);
            if (level == null || level.syncType() == ExportConfig.SyncType.NONE || job.isCancelled()) {
                continue;
            }
            if (level.syncType() == ExportConfig.SyncType.RELATIONSHIPS) {
                job.objectError(ObjectError.warning(null, "NOT_SUPPORTED_YET", "Type " + type
                        + ": relationship-only levels are not exported yet"));
                continue;
            }
            levelUnits.clear();
            exportLevel(type, level);
            if (!job.isCancelled()) {
                groups.add(type, level.orgUnitGroups(), levelUnits);
            }
        }
        LOG.log(System.Logger.Level.INFO, "DHIS2 export {0} {1}: {2} objects, {3} committed, {4} rejected by DHIS2{5}",
                job.id(), job.isCancelled() ? "cancelled" : "done", processed, committed, failed,
                job.dryRun() ? " (dry run)" : "");
        job.progress(job.isCancelled() ? STAGE : "COMPLETE", processed, job.isCancelled() ? -1 : processed);
    }

    private void exportLevel(String type, ExportConfig.Level level) throws IOException {
        try (Stream<GeoObject> objects = job.registry().objects(type, job.changedSince())) {
            Iterator<GeoObject> it = objects.iterator();
            while (it.hasNext()) {
                if (job.isCancelled()) {
                    return;
                }
                Pending pending = prepare(it.next(), level);
                if (pending == null) {
                    processed++;
                    continue;
                }
                // before the merge with DHIS2's values, which BATCH_BYTES leaves room for
                int bytes = pending.unit().toString().getBytes(StandardCharsets.UTF_8).length + 1;
                if (batch.size() >= BATCH_OBJECTS || (!batch.isEmpty() && batchBytes + bytes > BATCH_BYTES)) {
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
    private Pending prepare(GeoObject object, ExportConfig.Level level) {
        if (object.code() == null || object.code().isBlank()) {
            job.objectError(ObjectError.error(null, "NO_CODE", "An object of type " + object.typeCode() + " has no code"));
            return null;
        }
        String uid = object.externalIds().get(job.externalSystemId());
        if (uid != null && !Uids.valid(uid)) {
            job.objectError(ObjectError.error(object.code(), "INVALID_EXTERNAL_ID", "The DHIS2 id recorded for "
                    + object.code() + " (" + uid + ") is not a DHIS2 id"));
            return null;
        }
        if (uid == null && level.syncType() != ExportConfig.SyncType.ALL) {
            job.objectError(ObjectError.error(object.code(), "NOT_IN_DHIS2", object.code() + " has no DHIS2 id and"
                    + " level " + object.typeCode() + " only updates existing units (syncType ALL creates them)"));
            return null;
        }
        if (uid != null) {
            ids.put(key(object.typeCode(), object.code()), uid);
        }
        String parentUid = null;
        Optional<ParentLink> parent = object.parents().stream()
                .filter(p -> config.hierarchy().equals(p.hierarchy())).findFirst();
        if (parent.isPresent()) {
            parentUid = parentId(parent.get());
            if (parentUid == null) {
                job.objectError(ObjectError.error(object.code(), "PARENT_NOT_IN_DHIS2", "The parent of " + object.code()
                        + " (" + parent.get().typeCode() + " " + parent.get().code() + ") has no DHIS2 id: export it first"));
                return null;
            }
            if (parentUid.equals(PLANNED)) {
                job.objectError(ObjectError.warning(object.code(), "PARENT_NOT_CREATED", "Not checked: the parent of "
                        + object.code() + " would be created by this run, which is a dry run"));
                return null;
            }
        }
        OrgUnitMapper.Mapped mapped = units.map(object, level, uid != null ? uid : Uids.generate(), parentUid);
        mapped.problems().forEach(job::objectError);
        if (mapped.unit() == null) {
            return null;
        }
        return new Pending(object, mapped.unit().get("id").asText(), uid != null, mapped.unit());
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
        Map<String, ObjectNode> stored = current.read(batch.stream().filter(Pending::existing).map(Pending::uid).toList());
        List<String> sent = new ArrayList<>(batch.size());
        ByteArrayOutputStream body = new ByteArrayOutputStream(batchBytes + 64);
        body.writeBytes("{\"organisationUnits\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.size(); i++) {
            ObjectNode old = stored.get(batch.get(i).uid());
            ObjectNode unit = old == null ? CurrentUnits.withoutNulls(batch.get(i).unit())
                    : CurrentUnits.merge(old, batch.get(i).unit());
            String json = unit.toString();
            sent.add(json);
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(json.getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        ImportReports.Outcome outcome = client.importMetadata(importPath, body.toByteArray(), ImportReports.ORG_UNIT,
                "a batch of " + batch.size() + " units, " + body.size() + " bytes");
        record(outcome, sent);
        processed += batch.size();
        batch.clear();
        batchBytes = 0;
        job.progress(STAGE, processed, -1);
    }

    /** Reports each rejected unit and records the DHIS2 id of each confirmed one. */
    private void record(ImportReports.Outcome outcome, List<String> sent) {
        List<Pending> accepted = new ArrayList<>();
        boolean listed = false;
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
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
                        sent.get(i), report.json().toString()));
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
                levelUnits.add(pending.uid());
            }
            String key = key(pending.object().typeCode(), pending.object().code());
            if (job.dryRun()) {
                ids.putIfAbsent(key, PLANNED);
            } else {
                job.registry().saveExternalId(pending.object().typeCode(), pending.object().code(), pending.uid());
                ids.put(key, pending.uid());
                committed++;
            }
        }
    }

    private static String key(String type, String code) {
        return type + '\u0000' + code;
    }
}
