package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.georegistry.api.fhir.FhirResource;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;

/**
 * One import job: pages through {@code Location?_include=Location:organization&_count=N} (only what changed since
 * the last success on incremental runs) following {@code next} links, hands each Location to the configured
 * transformation and saves the changes it answers through the registry, which checks them. A Location whose
 * transformation throws, answers nonsense or is refused is reported and the job goes on; the transformation runs
 * on its own thread with a time limit per page, so one that loops costs that page, not the server. A page's changes
 * are saved together (one transaction in the server); a child met before its parent waits until the parent is.
 */
final class FhirImport {

    static final String STAGE = "IMPORT";
    /** After this many pages ran out of time, the transformation is taken as broken and the job stops. */
    static final int MAX_TIMEOUTS = 3;
    private static final System.Logger LOG = System.getLogger(FhirImport.class.getName());

    /** What the transformation made of one Location: changes, or the failure. */
    private record Outcome(ImportedLocation location, List<GeoObjectChange> changes, String failure) {}

    private final FhirClient client;
    private final SyncJob job;
    private final ConfigSettings config;
    private final Transformations.Installed transformation;
    private final FhirImportContext context;
    private final Duration pageTimeout;
    /** External ids saved by this job, so children can tell their parent is already there. */
    private final Set<String> savedIds = new HashSet<>();
    /** Changes whose parent has not been met yet, by the parent's external id. */
    private final Map<String, List<GeoObjectChange>> waiting = new HashMap<>();
    private ExecutorService worker;
    private int timeouts;
    private long processed;
    private long saved;
    private long failed;

    FhirImport(FhirClient client, SyncJob job, ConfigSettings config, Transformations.Installed transformation,
            Duration pageTimeout) {
        this.client = client;
        this.job = job;
        this.config = config;
        this.transformation = transformation;
        this.pageTimeout = pageTimeout;
        String system = job.systemSettings().text(SystemSettings.SYSTEM, "");
        List<String> types = job.registry().typesParentFirst(config.hierarchy());
        this.context = new FhirImportContext() {
            @Override public String identifierSystem() { return system; }
            @Override public String serverBase() { return client.base(); }
            @Override public String hierarchy() { return config.hierarchy(); }
            @Override public List<String> types() { return types; }
            @Override public Map<String, Object> settings() { return config.transformationSettings(); }
        };
    }

    void run() throws FhirException {
        if (context.types().isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        String url = "Location?_include=Location:organization&_count=" + config.pageSize()
                + (config.search() == null ? "" : "&" + config.search())
                + job.changedSince().map(s -> "&_lastUpdated=ge" + Urls.param(s.truncatedTo(ChronoUnit.SECONDS)
                        .toString())).orElse("");
        worker = newWorker();
        try {
            while (url != null && !job.isCancelled()) {
                JsonNode page = client.getJson(url);
                importPage(page);
                url = next(page);
                job.progress(STAGE, processed, page.path("total").asLong(-1));
            }
        } finally {
            worker.shutdownNow();
        }
        for (Map.Entry<String, List<GeoObjectChange>> orphans : waiting.entrySet()) {
            for (GeoObjectChange change : orphans.getValue()) {
                failed++;
                job.objectError(ObjectError.error(change.code(), "PARENT_NOT_FOUND", "The parent of " + change.code()
                        + " (Location/" + orphans.getKey() + ") is neither in the registry nor among the imported"
                        + " Locations").ofType(change.typeCode()));
            }
        }
        LOG.log(System.Logger.Level.INFO, "FHIR import {0} with transformation {1} {2}: {3} Locations, {4} saved, {5}"
                + " failed{6}", job.id(), transformation.id(), transformation.version(), processed, saved, failed,
                job.dryRun() ? " (dry run)" : "");
        job.progress(job.isCancelled() ? STAGE : "COMPLETE", processed, job.isCancelled() ? -1 : processed);
    }

    private void importPage(JsonNode page) {
        Map<String, FhirResource> organizations = new HashMap<>();
        List<ImportedLocation> locations = new ArrayList<>();
        List<JsonNode> matches = new ArrayList<>();
        for (JsonNode entry : page.path("entry")) {
            JsonNode resource = entry.path("resource");
            String type = resource.path("resourceType").asText();
            if (type.equals("Organization")) {
                String id = resource.path("id").asText();
                organizations.put("Organization/" + id, new ImportedLocation.Resource(type, id, resource.toString()));
            } else if (type.equals("Location")) {
                matches.add(resource);
            }
        }
        for (JsonNode resource : matches) {
            String orgId = References.id(resource.path("managingOrganization").path("reference").asText(""),
                    "Organization");
            locations.add(new ImportedLocation(resource.path("id").asText(null), resource.toString(),
                    Optional.ofNullable(orgId == null ? null : organizations.get("Organization/" + orgId))));
        }
        Batch pageBatch = new Batch();
        for (Outcome outcome : transform(locations)) {
            processed++;
            if (outcome.failure() != null) {
                failed++;
                job.objectError(ObjectError.error(null, "TRANSFORMATION_FAILED", "Location/" + outcome.location().id()
                        + ": " + outcome.failure()).withExchange(outcome.location().json(), null));
                continue;
            }
            for (GeoObjectChange change : outcome.changes()) {
                queueOrWait(change, outcome.location(), pageBatch);
            }
        }
        saveBatch(pageBatch);
        if (timeouts >= MAX_TIMEOUTS) {
            throw new IllegalStateException("The FHIR transformation '" + transformation.id() + "' ran out of time on "
                    + timeouts + " pages; the import stopped. Fix or replace the transformation bundle "
                    + transformation.bundle() + " " + transformation.version());
        }
    }

    /** Runs the transformation over a page on the worker thread, within the page's time limit. */
    private List<Outcome> transform(List<ImportedLocation> locations) {
        FhirImportTransformation service = transformation.service();
        AtomicReferenceArray<Outcome> outcomes = new AtomicReferenceArray<>(locations.size());
        Future<?> done = worker.submit(() -> {
            for (int i = 0; i < locations.size() && !Thread.currentThread().isInterrupted(); i++) {
                outcomes.set(i, transformOne(service, locations.get(i)));
            }
        });
        try {
            done.get(pageTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            done.cancel(true);
            timeouts++;
            LOG.log(System.Logger.Level.WARNING, "FHIR transformation {0} of {1} {2} did not finish a page within {3}"
                    + " s; its thread is abandoned", transformation.id(), transformation.bundle(),
                    transformation.version(), pageTimeout.toSeconds());
            // the stuck thread may never end: the next page gets a fresh one
            worker.shutdownNow();
            worker = newWorker();
        } catch (ExecutionException e) {
            // transformOne catches everything: only a failure of the executor itself lands here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.cancel(true);
        }
        List<Outcome> out = new ArrayList<>(locations.size());
        for (int i = 0; i < outcomes.length(); i++) {
            Outcome outcome = outcomes.get(i);
            out.add(outcome != null ? outcome : new Outcome(locations.get(i), null, "the transformation '"
                    + transformation.id() + "' did not finish this page within " + pageTimeout.toSeconds() + " s"));
        }
        return out;
    }

    private Outcome transformOne(FhirImportTransformation service, ImportedLocation location) {
        Outcome outcome;
        try {
            List<GeoObjectChange> changes = service.transform(location, context);
            if (changes == null || changes.stream().anyMatch(c -> c == null)) {
                outcome = new Outcome(location, null, "the transformation '" + transformation.id()
                        + "' answered no list of changes, or a list holding null");
            } else {
                outcome = new Outcome(location, List.copyOf(changes), null);
            }
        } catch (IllegalArgumentException e) {
            outcome = new Outcome(location, null, e.getMessage() == null ? "refused by the transformation"
                    : e.getMessage());
        } catch (Throwable e) {   // a broken transformation must not end the job: everything it throws is reported
            outcome = new Outcome(location, null, "the transformation '" + transformation.id() + "' failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        return outcome;
    }

    /** A page's changes to save together, with the Location each came from (null for one that waited). */
    private static final class Batch {
        final List<GeoObjectChange> changes = new ArrayList<>();
        final Map<GeoObjectChange, ImportedLocation> from = new IdentityHashMap<>();
        final Set<String> externalIds = new HashSet<>();

        void add(GeoObjectChange change, ImportedLocation location) {
            changes.add(change);
            from.put(change, location);
            if (change.externalId() != null) {
                externalIds.add(change.externalId());
            }
        }
    }

    /**
     * Queues a change for the page's save, after its parent when that is in the page too; a change whose parent is
     * still to come waits, and joins the batch right after its parent does.
     */
    private void queueOrWait(GeoObjectChange change, ImportedLocation from, Batch batch) {
        String parent = change.parentExternalId();
        if (parent != null && !savedIds.contains(parent) && !batch.externalIds.contains(parent)
                && job.registry().findByExternalId(parent).isEmpty()) {
            waiting.computeIfAbsent(parent, p -> new ArrayList<>()).add(change);
            return;
        }
        batch.add(change, from);
        if (change.externalId() != null) {
            List<GeoObjectChange> children = waiting.remove(change.externalId());
            if (children != null) {
                children.forEach(child -> queueOrWait(child, null, batch));
            }
        }
    }

    /** Saves a page's changes in one call (one transaction in the server); reports each refused one. */
    private void saveBatch(Batch batch) {
        List<RegistryView.Refused> refused;
        try {
            refused = job.registry().saveAll(batch.changes);
        } catch (IllegalStateException e) {
            throw e; // not an import job: a bug, the job fails
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "FHIR import {0}: a page of {1} changes could not be saved together"
                    + " ({2}); saving them one by one", job.id(), batch.changes.size(), e.toString());
            batch.changes.forEach(change -> save(change, batch.from.get(change)));
            return;
        }
        Set<GeoObjectChange> notSaved = Collections.newSetFromMap(new IdentityHashMap<>());
        for (RegistryView.Refused r : refused) {
            notSaved.add(r.change());
            refused(r.change(), batch.from.get(r.change()), r.reason());
        }
        for (GeoObjectChange change : batch.changes) {
            if (!notSaved.contains(change)) {
                saved++;
                if (change.externalId() != null) {
                    savedIds.add(change.externalId());
                }
            }
        }
    }

    private void save(GeoObjectChange change, ImportedLocation from) {
        try {
            job.registry().save(change);
            saved++;
            if (change.externalId() != null) {
                savedIds.add(change.externalId());
            }
        } catch (IllegalArgumentException e) {
            refused(change, from, e.getMessage());
        } catch (RuntimeException e) {
            failed++;
            job.objectError(ObjectError.error(change.code(), "NOT_SAVED", "Saving " + change.code() + " failed: "
                    + e.getClass().getSimpleName()).ofType(change.typeCode()));
        }
    }

    private void refused(GeoObjectChange change, ImportedLocation from, String reason) {
        failed++;
        job.objectError(ObjectError.error(change.code(), "INVALID", (change.code() == null ? "A change"
                : change.code()) + " was refused: " + reason).ofType(change.typeCode())
                .withExchange(from == null ? null : from.json(), null));
    }

    private static String next(JsonNode page) {
        for (JsonNode link : page.path("link")) {
            if ("next".equals(link.path("relation").asText())) {
                return link.path("url").asText(null);
            }
        }
        return null;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "georegistry-fhir-transformation");
            t.setDaemon(true);
            return t;
        });
    }
}
