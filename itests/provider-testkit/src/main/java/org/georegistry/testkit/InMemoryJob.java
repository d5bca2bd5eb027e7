package org.georegistry.testkit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;

/**
 * A sync job over an in-memory registry of one hierarchy ({@link #HIERARCHY}, whose types are given parents first),
 * recording what the provider reports. Tests set the public fields to shape the job and read them afterwards.
 * A provider's tests subclass it ({@code final class TestJob extends InMemoryJob<TestJob>}) to name their system
 * and add what only they need.
 *
 * @param <J> the subclass, so that {@link #add} and {@link #put} chain without casts
 */
public abstract class InMemoryJob<J extends InMemoryJob<J>> implements SyncJob, RegistryView {

    public static final String HIERARCHY = "ADMIN";
    /** When the objects made by {@link #add} were last updated. */
    public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    public final String systemId;
    public final List<String> types;
    /** By {@code type/code}. */
    public final Map<String, GeoObject> objects = new LinkedHashMap<>();
    /** By {@code type/code}; concurrent, as a provider may store ids from a thread of its own while it reads. */
    public final Map<String, String> externalIds = new java.util.concurrent.ConcurrentHashMap<>();
    public final List<ObjectError> errors = new ArrayList<>();
    public final List<String> stages = new ArrayList<>();
    /** The changes an import handed to {@link #save}, in order, refused ones excepted. */
    public final List<GeoObjectChange> saved = new ArrayList<>();
    /** Codes {@link #write} refuses, as the core's checks refuse an invalid object. */
    public final Set<String> refusedCodes = new HashSet<>();
    public Settings system;
    public Settings config;
    public Capability direction = Capability.EXPORT;
    public boolean dryRun;
    /** Null for a full run. */
    public Instant changedSince;
    /** How often an external id was stored. */
    public int saves;
    /** {@code processed} of the last progress report. */
    public long lastProcessed;
    public volatile boolean cancelled;
    /** With a value of 0 or more, the job is cancelled once that many EXPORT progress reports were made. */
    public int cancelAfterProgress = -1;
    /** Runs after each progress report: a test's way to act in the middle of a job. */
    public Runnable onProgress = () -> { };
    /** Runs at each EXPORT progress report, e.g. to break the peer in the middle of a job. */
    public Runnable onExportProgress = () -> { };
    /**
     * Plays the core for each imported change (throwing IllegalArgumentException to refuse it); the external id is
     * recorded after it unless the run is dry. {@link #write} by default.
     */
    public Function<GeoObjectChange, GeoObject> importer = this::write;

    protected InMemoryJob(String systemId, Settings system, Settings config, String... types) {
        this.systemId = systemId;
        this.system = system;
        this.config = config;
        this.types = List.of(types);
    }

    @SuppressWarnings("unchecked")
    private J self() {
        return (J) this;
    }

    /** An object valid from 2020-01-15, updated at {@link #CREATED}, its parent (if any) in {@link #HIERARCHY}. */
    public J add(String type, String code, String label, String parentType, String parentCode, String geometry) {
        List<ParentLink> parents = parentCode == null ? List.of() : List.of(new ParentLink(HIERARCHY, parentType, parentCode));
        return put(new GeoObject(type, code, LocalizedText.of(label), geometry, Map.of(), parents,
                LocalDate.of(2020, 1, 15), null, CREATED, Map.of()));
    }

    public J put(GeoObject object) {
        objects.put(key(object.typeCode(), object.code()), object);
        return self();
    }

    /** The object as stored, without external ids. */
    public GeoObject object(String type, String code) {
        return objects.get(key(type, code));
    }

    public String externalId(String type, String code) {
        return externalIds.get(key(type, code));
    }

    public List<ObjectError> errors(ObjectError.Severity severity) {
        return errors.stream().filter(e -> e.severity() == severity).toList();
    }

    /** {@code code:objectCode} of the errors of this severity. */
    public List<String> codes(ObjectError.Severity severity) {
        return errors(severity).stream().map(e -> e.code() + ":" + e.objectCode()).toList();
    }

    private static String key(String type, String code) {
        return type + "/" + code;
    }

    /** The object as the registry hands it out: with the external id recorded so far. */
    private GeoObject current(GeoObject o) {
        String id = externalIds.get(key(o.typeCode(), o.code()));
        return new GeoObject(o.typeCode(), o.code(), o.label(), o.geometry(), o.attributes(), o.parents(),
                o.validFrom(), o.validTo(), o.lastUpdated(), id == null ? Map.of() : Map.of(systemId, id));
    }

    @Override public String id() { return "job-1"; }
    @Override public Settings systemSettings() { return system; }
    @Override public Settings configSettings() { return config; }
    @Override public String externalSystemId() { return systemId; }
    @Override public Capability direction() { return direction; }
    @Override public boolean dryRun() { return dryRun; }
    @Override public Optional<Instant> changedSince() { return Optional.ofNullable(changedSince); }
    @Override public RegistryView registry() { return this; }
    @Override public Path dataDirectory() { return Path.of("target", "data"); }
    @Override public void objectError(ObjectError error) { errors.add(error); }

    @Override
    public void progress(String stage, long processed, long total) {
        stages.add(stage);
        lastProcessed = processed;
        if (stage.equals("EXPORT")) {
            onExportProgress.run();
        }
        onProgress.run();
    }

    @Override
    public boolean isCancelled() {
        return cancelled
                || cancelAfterProgress >= 0 && stages.stream().filter("EXPORT"::equals).count() >= cancelAfterProgress;
    }

    @Override
    public Stream<GeoObject> objects(String typeCode, Optional<Instant> since) {
        return objects.values().stream().filter(o -> o.typeCode().equals(typeCode))
                .filter(o -> since.isEmpty() || o.lastUpdated().isAfter(since.get())).map(this::current);
    }

    @Override
    public Stream<GeoObject> objectsParentFirst(String hierarchyCode, Optional<Instant> since) {
        return typesParentFirst(hierarchyCode).stream().flatMap(t -> objects(t, since));
    }

    @Override
    public List<String> typesParentFirst(String hierarchyCode) {
        return HIERARCHY.equals(hierarchyCode) ? types : List.of();
    }

    @Override
    public Optional<GeoObject> find(String typeCode, String code) {
        return Optional.ofNullable(objects.get(key(typeCode, code))).map(this::current);
    }

    @Override
    public synchronized void saveExternalId(String typeCode, String code, String externalId) {
        saves++;
        externalIds.put(key(typeCode, code), externalId);
    }

    @Override
    public Map<String, String> externalIds(String typeCode) {
        Map<String, String> ids = new HashMap<>();
        externalIds.forEach((key, id) -> {
            if (key.startsWith(typeCode + "/")) {
                ids.put(key.substring(typeCode.length() + 1), id);
            }
        });
        return ids;
    }

    @Override
    public Optional<GeoObject> findByExternalId(String externalId) {
        return externalIds.entrySet().stream().filter(e -> e.getValue().equals(externalId))
                .map(e -> objects.get(e.getKey())).filter(Objects::nonNull).map(this::current).findFirst();
    }

    @Override
    public GeoObject save(GeoObjectChange change) {
        if (direction != Capability.IMPORT) {
            throw new IllegalStateException("Only import jobs may change the registry");
        }
        GeoObject stored = importer.apply(change);
        saved.add(change);
        if (change.externalId() != null && !dryRun) {
            externalIds.put(key(change.typeCode(), change.code()), change.externalId());
        }
        return stored;
    }

    /**
     * What the core's import writer does, in memory: refuses {@link #refusedCodes}, finds the parent by its external
     * id, and stores the object unless the run is dry.
     */
    public GeoObject write(GeoObjectChange change) {
        if (refusedCodes.contains(change.code())) {
            throw new IllegalArgumentException("code: " + change.code() + " is refused");
        }
        List<ParentLink> parents = List.of();
        if (change.parentExternalId() != null) {
            GeoObject parent = findByExternalId(change.parentExternalId()).orElseThrow(() -> new IllegalArgumentException(
                    "parentExternalId: no Geo-Object has the external id '" + change.parentExternalId() + "'"));
            parents = List.of(new ParentLink(change.hierarchy(), parent.typeCode(), parent.code()));
        }
        GeoObject object = new GeoObject(change.typeCode(), change.code(), change.label(), change.geometry(),
                change.attributes(), parents, change.validFrom(), change.validTo(), Instant.now(), Map.of());
        if (!dryRun) {
            objects.put(key(change.typeCode(), change.code()), object);
        }
        return object;
    }
}
