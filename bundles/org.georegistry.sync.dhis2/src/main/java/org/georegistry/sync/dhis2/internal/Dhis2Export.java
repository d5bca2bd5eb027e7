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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /**
     * An object whose unit waits in the batch; {@code existing} when DHIS2 should already have it. A new unit is
     * serialized once, here ({@code json}); an existing one only after the merge with what DHIS2 holds.
     */
    private record Pending(GeoObject object, String uid, boolean existing, ObjectNode unit, List<String> groups,
            byte[] json) {

        int size() {
            return json != null ? json.length : unit.toString().length();
        }
    }

    /** A batch DHIS2 is importing while the next one is prepared. */
    private record InFlight(List<Pending> sending, List<byte[]> sent, Future<ImportReports.Outcome> outcome) {}

    private final Dhis2Client client;
    private final SyncJob job;
    private final ExportConfig config;
    private final OrgUnitMapper units;
    private final CurrentUnits current;
    private final GroupMembership groups;
    private final String importPath;
    private final LocalDate today = LocalDate.now();
    /**
     * DHIS2 id by type and code, for parents: filled as units are confirmed, then from the registry. Only the level
     * before the one being exported is kept (the parents), so memory does not grow with the hierarchy's size.
     */
    private final Map<String, String> ids = new HashMap<>();
    /** Whether a later level will look up this level's units as parents. */
    private boolean keepIds;
    private final List<Pending> batch = new ArrayList<>();
    /** Posts one batch while the job's thread reads and maps the next: DHIS2's work and ours overlap. */
    private final ExecutorService poster = daemon("dhis2-export-post");
    private InFlight inFlight;
    /**
     * Stores the ids DHIS2 confirmed while the job's thread reads, maps and posts on: storing an id costs about as
     * much as reading its object. In order, a batch at a time; a level's ids are all stored before the next level.
     */
    private final ExecutorService idWriter = daemon("dhis2-export-ids");
    private final List<Future<?>> idWrites = new ArrayList<>();
    /** The level being exported, and the members groups get once its units are confirmed. */
    private ExportConfig.Level level;
    private final Map<String, Set<String>> groupMembers = new LinkedHashMap<>();
    private int batchBytes;
    /** {@link #BATCH_BYTES}, or less once DHIS2's proxy refused a body as too large. */
    private int maxBatchBytes = BATCH_BYTES;
    private long processed;
    private long committed;
    private long failed;
    /**
     * Where the job's thread spent its time, in nanoseconds, logged at the end: reading the registry, mapping,
     * reading and merging what DHIS2 holds, waiting for DHIS2's answers, recording them (ids, errors).
     */
    private long reading;
    private long mapping;
    private long merging;
    private long waiting;
    private long recording;
    private long storing;

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

    /** One thread of its own, which never keeps the JVM from stopping. */
    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    void run() throws IOException {
        try {
            exportLevels();
        } finally {
            poster.shutdownNow();
            // ids DHIS2 confirmed are stored even when the job ends early: a rerun then updates those units
            idWriter.shutdown();
            try {
                idWriter.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void exportLevels() throws IOException {
        List<String> types = types();
        String previous = null;
        for (int t = 0; t < types.size(); t++) {
            String type = types.get(t);
            level = config.level(type);
            if (level == null || level.syncType() == ExportConfig.SyncType.NONE || job.isCancelled()) {
                continue;
            }
            String parents = previous + '\u0000';
            ids.keySet().removeIf(key -> !key.startsWith(parents));
            keepIds = types.subList(t + 1, types.size()).stream().map(config::level)
                    .anyMatch(l -> l != null && l.syncType() != ExportConfig.SyncType.NONE);
            groupMembers.clear();
            exportLevel(type);
            previous = type;
            if (!job.isCancelled()) {
                groups.add(type, groupMembers);
            }
        }
        LOG.log(System.Logger.Level.INFO, "DHIS2 export {0} {1}: {2} objects, {3} committed, {4} rejected by DHIS2{5};"
                + " {6} ms reading the registry, {7} ms mapping, {8} ms reading and merging units DHIS2 has,"
                + " {9} ms waiting for DHIS2, {10} ms recording its answers, {11} ms waiting for ids to be stored",
                job.id(), job.isCancelled() ? "cancelled" : "done", processed, committed, failed,
                job.dryRun() ? " (dry run)" : "", millis(reading), millis(mapping), millis(merging), millis(waiting),
                millis(recording), millis(storing));
        job.progress(job.isCancelled() ? STAGE : "COMPLETE", processed, job.isCancelled() ? -1 : processed);
    }

    /**
     * The hierarchy's types, parents first. A configured type the hierarchy lacks is reported and skipped; a level
     * whose type is not a direct child of the level before it fails the job, naming the level.
     */
    private List<String> types() {
        List<String> types = job.registry().typesParentFirst(config.hierarchy());
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        String previous = null;
        for (int i = 0; i < config.levels().size(); i++) {
            String type = config.levels().get(i).type();
            if (!types.contains(type)) {
                job.objectError(ObjectError.warning(null, "UNKNOWN_TYPE", "Type " + type
                        + " is not in hierarchy " + config.hierarchy() + "; its level was skipped"));
                continue;
            }
            String parent = job.registry().parentType(config.hierarchy(), type).orElse(null);
            if (previous != null && !previous.equals(parent)) {
                throw new IllegalArgumentException(ExportConfig.LEVELS + "[" + i + "].type: " + type + " is not a"
                        + " child of " + previous + " (the level before it) in hierarchy " + config.hierarchy()
                        + (parent == null ? ", where it is a root type" : ", where its parent is " + parent)
                        + ": each level must be a direct child of the level before it");
            }
            previous = type;
        }
        return types;
    }

    private void exportLevel(String type) throws IOException {
        try (Stream<GeoObject> objects = job.registry().objects(type, job.changedSince())) {
            Iterator<GeoObject> it = objects.iterator();
            while (!job.isCancelled()) {
                long start = System.nanoTime();
                GeoObject next = it.hasNext() ? it.next() : null;
                long read = System.nanoTime();
                reading += read - start;
                if (next == null) {
                    break;
                }
                Pending pending = prepare(next);
                mapping += System.nanoTime() - read;
                if (pending == null) {
                    processed++;
                    continue;
                }
                // before the merge with DHIS2's values, which BATCH_BYTES leaves room for
                int bytes = pending.size() + 1;
                if (batch.size() >= BATCH_OBJECTS || (!batch.isEmpty() && batchBytes + bytes > maxBatchBytes)) {
                    flush();
                }
                batch.add(pending);
                batchBytes += bytes;
            }
        }
        if (!job.isCancelled()) {
            flush();
        }
        // children of this level are only sent once their parents are committed and their ids stored
        awaitInFlight();
        awaitIds(0);
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
        if (uid != null && keepIds) {
            ids.put(key(object.typeCode(), object.code()), uid);
        }
        Parent parent = syncType == ExportConfig.SyncType.ORG_UNITS ? Parent.KEEP : parent(object);
        if (parent == null || (parent.uid() == null && syncType == ExportConfig.SyncType.RELATIONSHIPS)) {
            return null;
        }
        if (syncType == ExportConfig.SyncType.RELATIONSHIPS) {
            ObjectNode unit = units.relationship(uid, parent.uid());
            return new Pending(object, uid, true, unit, List.of(), null);
        }
        if (parent == Parent.AMBIGUOUS && uid == null) {
            return null; // not created as a root when its parent is not known
        }
        OrgUnitMapper.Mapped mapped = units.map(object, level, uid != null ? uid
                : Uids.derive(job.externalSystemId(), object.typeCode(), object.code()), parent.uid());
        mapped.problems().forEach(p -> job.objectError(p.ofType(object.typeCode())));
        if (mapped.unit() == null) {
            return null;
        }
        boolean existing = uid != null;
        byte[] json = existing ? null
                : CurrentUnits.withoutNulls(mapped.unit()).toString().getBytes(StandardCharsets.UTF_8);
        return new Pending(object, mapped.unit().get("id").asText(), existing, mapped.unit(), mapped.groups(), json);
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

    /** Sends the batch once the one before it is confirmed; the answer is read by {@link #awaitInFlight}. */
    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        boolean relationshipsOnly = level.syncType() == ExportConfig.SyncType.RELATIONSHIPS;
        Map<String, ObjectNode> stored = current.read(batch.stream().filter(Pending::existing).map(Pending::uid).toList(),
                relationshipsOnly || !config.includeGeometry());
        List<Pending> sending = new ArrayList<>(batch.size());
        List<byte[]> sent = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            ObjectNode old = stored.get(pending.uid());
            if (pending.existing() && old == null) {
                job.objectError(error(pending.object(), "NOT_FOUND_IN_DHIS2", "DHIS2 has no organisation unit "
                        + pending.uid() + ", the id recorded for " + pending.object().code()));
                failed++;
                processed++;
                continue;
            }
            sending.add(pending);
            sent.add(old == null ? pending.json()
                    : CurrentUnits.merge(old, pending.unit()).toString().getBytes(StandardCharsets.UTF_8));
        }
        batch.clear();
        batchBytes = 0;
        merging += System.nanoTime() - start;
        awaitInFlight();
        if (!sending.isEmpty()) {
            byte[] body = body(sent);
            String what = "a batch of " + sending.size() + " units, " + body.length + " bytes";
            inFlight = new InFlight(sending, sent, poster.submit(
                    () -> client.importMetadata(importPath, body, ImportReports.ORG_UNIT, what)));
        }
    }

    /** Reads the answer to the batch in flight, if any, and records it. */
    private void awaitInFlight() throws IOException {
        InFlight posted = inFlight;
        if (posted == null) {
            return;
        }
        inFlight = null;
        try {
            long start = System.nanoTime();
            ImportReports.Outcome outcome = posted.outcome().get();
            long answered = System.nanoTime();
            waiting += answered - start;
            long stored = storing;
            record(outcome, posted.sending(), posted.sent());
            recording += System.nanoTime() - answered - (storing - stored);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Dhis2Exception d && d.kind() == Dhis2Exception.Kind.TOO_LARGE) {
                post(posted.sending(), posted.sent(), d);
            } else if (e.getCause() instanceof IOException io) {
                throw io;
            } else {
                throw new IllegalStateException("Posting to DHIS2 failed", e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Dhis2Exception(Dhis2Exception.Kind.INTERRUPTED, "Interrupted while DHIS2 imported a batch", e);
        }
        processed += posted.sending().size();
        job.progress(STAGE, processed, -1);
    }

    private static byte[] body(List<byte[]> sent) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(sent.stream().mapToInt(b -> b.length + 1).sum() + 32);
        body.writeBytes("{\"organisationUnits\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sent.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(sent.get(i));
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /**
     * After a body was refused as too large (a proxy's 413): sends the units again in halves, and keeps later
     * batches under half the refused size; a single unit refused so is an error of its own.
     */
    private void post(List<Pending> sending, List<byte[]> sent, Dhis2Exception tooLarge) throws Dhis2Exception {
        int size = sent.stream().mapToInt(b -> b.length + 1).sum();
        maxBatchBytes = Math.max(MIN_BATCH_BYTES, Math.min(maxBatchBytes, size / 2));
        if (sending.size() == 1) {
            failed++;
            job.objectError(error(sending.get(0).object(), "TOO_LARGE", tooLarge.getMessage()
                    + ": the unit alone is " + size + " bytes (its geometry may need simplifying)"));
            return;
        }
        int half = sending.size() / 2;
        for (int[] range : new int[][] {{0, half}, {half, sending.size()}}) {
            List<Pending> part = sending.subList(range[0], range[1]);
            List<byte[]> partSent = sent.subList(range[0], range[1]);
            byte[] body = body(partSent);
            try {
                record(client.importMetadata(importPath, body, ImportReports.ORG_UNIT,
                        "a batch of " + part.size() + " units, " + body.length + " bytes"), part, partSent);
            } catch (Dhis2Exception e) {
                if (e.kind() != Dhis2Exception.Kind.TOO_LARGE) {
                    throw e;
                }
                post(part, partSent, e);
            }
        }
    }

    /** Reports each rejected unit and records the DHIS2 id of each confirmed one. */
    private void record(ImportReports.Outcome outcome, List<Pending> sending, List<byte[]> sent)
            throws Dhis2Exception {
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
                        new String(sent.get(i), StandardCharsets.UTF_8), report.json().toString(),
                        pending.object().typeCode()));
            }
        }
        // without per-object reports only the counts tell whether the rest was committed
        if (!job.dryRun() && !listed && outcome.committed() != accepted.size()) {
            job.objectError(ObjectError.error(null, "UNCONFIRMED", "DHIS2 reported " + outcome.committed()
                    + " units committed out of " + accepted.size() + " sent without error; their ids were not recorded"));
            return;
        }
        Map<String, String> created = new LinkedHashMap<>();
        for (Pending pending : accepted) {
            if (!job.dryRun() || pending.existing()) {
                Stream.concat(level.orgUnitGroups().stream(), pending.groups().stream()).forEach(g ->
                        groupMembers.computeIfAbsent(g, k -> new LinkedHashSet<>()).add(pending.uid()));
            }
            String key = key(pending.object().typeCode(), pending.object().code());
            if (job.dryRun()) {
                if (keepIds) {
                    ids.putIfAbsent(key, PLANNED);
                }
            } else {
                if (!pending.existing()) {
                    created.put(pending.object().code(), pending.uid());
                }
                if (keepIds) {
                    ids.put(key, pending.uid());
                }
                committed++;
            }
        }
        // one level per batch, so one type: one transaction for the batch's new ids
        if (!created.isEmpty()) {
            String type = sending.get(0).object().typeCode();
            awaitIds(1); // at most one batch of ids waits: their failure stops the job soon
            idWrites.add(idWriter.submit(() -> job.registry().saveExternalIds(type, created)));
        }
    }

    /** Waits until at most {@code pending} batches of ids are still being stored; rethrows a failure to store. */
    private void awaitIds(int pending) throws Dhis2Exception {
        long start = System.nanoTime();
        try {
            while (idWrites.size() > pending) {
                idWrites.remove(0).get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("Storing DHIS2 ids failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Dhis2Exception(Dhis2Exception.Kind.INTERRUPTED, "Interrupted while DHIS2 ids were stored", e);
        } finally {
            storing += System.nanoTime() - start;
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static ObjectError error(GeoObject object, String code, String message) {
        return ObjectError.error(object.code(), code, message).ofType(object.typeCode());
    }

    private static String key(String type, String code) {
        return type + '\u0000' + code;
    }
}
