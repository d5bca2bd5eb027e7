package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.sync.fhir.internal.ConfigSettings.Kind;

/**
 * One export job: the configured levels of the hierarchy, parents first, as transaction Bundles of at most
 * {@code batchSize} objects. A transaction is all or nothing, so when the server rejects one the batch is split in
 * halves until the objects it refuses are alone: each is reported with the OperationOutcome and the rest is
 * committed. The Location ids the server answers are stored as the objects' external ids.
 */
final class FhirExport {

    static final String STAGE = "EXPORT";
    /** Statuses with which a FHIR server rejects the content of a transaction (HAPI answers some with 500). */
    private static final Set<Integer> CONTENT_REJECTED = Set.of(400, 404, 409, 412, 422, 500);
    private static final System.Logger LOG = System.getLogger(FhirExport.class.getName());

    private record Pending(GeoObject object, Kind kind) {}

    private final FhirClient client;
    private final SyncJob job;
    private final ConfigSettings config;
    private final String system;
    private final McsdMapper mapper;
    private final LocationIds ids;
    private final List<Pending> batch = new ArrayList<>();
    private long processed;
    private long committed;
    private long failed;
    private long transactions;

    FhirExport(FhirClient client, SyncJob job, ConfigSettings config, String system) {
        this.client = client;
        this.job = job;
        this.config = config;
        this.system = system;
        this.mapper = McsdMapper.forToday(client.mapper(), system, client.base(), config);
        this.ids = new LocationIds(job.registry());
    }

    void run() throws IOException, FhirException {
        List<String> types = job.registry().typesParentFirst(config.hierarchy());
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        for (ConfigSettings.Level level : config.levels()) {
            if (!types.contains(level.type())) {
                job.objectError(ObjectError.warning(null, "UNKNOWN_TYPE", "Type " + level.type()
                        + " is not in hierarchy " + config.hierarchy() + "; its level was skipped"));
            }
        }
        for (String type : types) {
            ConfigSettings.Level level = config.level(type);
            if (level == null || job.isCancelled()) {
                continue;
            }
            Kind kind = Levels.kind(level, job.registry(), client.mapper());
            try (Stream<GeoObject> objects = job.registry().objects(type, job.changedSince())) {
                Iterator<GeoObject> it = objects.iterator();
                while (it.hasNext() && !job.isCancelled()) {
                    batch.add(new Pending(it.next(), kind));
                    if (batch.size() >= config.batchSize()) {
                        flush();
                    }
                }
            }
        }
        if (!job.isCancelled()) {
            flush();
        }
        LOG.log(System.Logger.Level.INFO, "FHIR export {0} {1}: {2} objects, {3} committed, {4} rejected, {5}"
                + " transactions{6}", job.id(), job.isCancelled() ? "cancelled" : "done", processed, committed, failed,
                transactions, job.dryRun() ? " (dry run)" : "");
        job.progress(job.isCancelled() ? STAGE : "COMPLETE", processed, job.isCancelled() ? -1 : processed);
    }

    private void flush() throws IOException, FhirException {
        if (batch.isEmpty()) {
            return;
        }
        List<Pending> objects = List.copyOf(batch);
        batch.clear();
        if (job.dryRun()) {
            write(objects, OutputStream.nullOutputStream(), true);
        } else {
            send(objects, true);
        }
        processed += objects.size();
        job.progress(STAGE, processed, -1);
    }

    /** Sends the objects that can be mapped in one transaction; splits it when the server rejects it. */
    private void send(List<Pending> objects, boolean first) throws IOException, FhirException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(objects.size() * 2048);
        List<Pending> sent = write(objects, body, first);
        if (sent.isEmpty()) {
            return;
        }
        transactions++;
        FhirClient.Response response = client.postBundle(body.toByteArray());
        if (response.status() / 100 == 2) {
            record(sent, client.parse("transaction", response));
            return;
        }
        if (!CONTENT_REJECTED.contains(response.status())) {
            throw client.httpError("a transaction of " + sent.size() + " objects", response);
        }
        if (sent.size() == 1) {
            reject(sent.get(0), response, body.toString(StandardCharsets.UTF_8));
            return;
        }
        int half = sent.size() / 2;
        // rewritten, not cut: references into the other half become ids or conditional references
        send(sent.subList(0, half), false);
        send(sent.subList(half, sent.size()), false);
    }

    /** Writes a transaction Bundle of the objects, leaving out (and reporting once) those that cannot be mapped. */
    private List<Pending> write(List<Pending> objects, OutputStream out, boolean report) throws IOException {
        List<Pending> written = new ArrayList<>(objects.size());
        try (TransactionWriter writer = new TransactionWriter(mapper, system, config.hierarchy(), ids, out)) {
            for (Pending p : objects) {
                TransactionWriter.Added added = writer.add(p.object(), p.kind());
                if (added.written()) {
                    written.add(p);
                }
                if (added.problem() != null && report) {
                    job.objectError(new ObjectError(p.object().code(), added.written() ? ObjectError.Severity.WARNING
                            : ObjectError.Severity.ERROR, added.written() ? "NOT_MAPPED" : "INVALID",
                            p.object().code() + " " + added.problem(), null, null).ofType(p.object().typeCode()));
                    failed += added.written() ? 0 : 1;
                }
            }
        }
        return written;
    }

    /** Stores the Location id of each object from the transaction-response (entries answer in request order). */
    private void record(List<Pending> sent, JsonNode answer) {
        JsonNode entries = answer.path("entry");
        if (entries.size() != sent.size() * 2) {
            job.objectError(ObjectError.error(null, "UNCONFIRMED", "The FHIR server answered " + entries.size()
                    + " entries to a transaction of " + sent.size() * 2 + "; their ids were not recorded")
                    .withExchange(null, answer.toString()));
            return;
        }
        // one write per type for the whole transaction: a write per object cost more than HAPI's own work
        Map<String, Map<String, String>> confirmed = new LinkedHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            GeoObject object = sent.get(i).object();
            String id = References.id(entries.get(2 * i + 1).path("response").path("location").asText(""), "Location");
            if (id == null) {
                job.objectError(ObjectError.error(object.code(), "UNCONFIRMED", "The FHIR server did not say which"
                        + " Location it stored for " + object.code()).ofType(object.typeCode()));
                continue;
            }
            ids.put(object.typeCode(), object.code(), id);
            confirmed.computeIfAbsent(object.typeCode(), t -> new LinkedHashMap<>()).put(object.code(), id);
            committed++;
        }
        confirmed.forEach(job.registry()::saveExternalIds);
    }

    private void reject(Pending p, FhirClient.Response response, String sent) {
        failed++;
        GeoObject object = p.object();
        job.objectError(new ObjectError(object.code(), ObjectError.Severity.ERROR, "FHIR_" + response.status(),
                "The FHIR server rejected " + object.code() + " (HTTP " + response.status() + ")"
                        + OperationOutcomes.summary(client.mapper(), response.body()),
                sent, response.body()).ofType(object.typeCode()));
    }
}
