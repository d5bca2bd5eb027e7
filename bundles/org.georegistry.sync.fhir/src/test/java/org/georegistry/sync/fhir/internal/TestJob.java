package org.georegistry.sync.fhir.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;

/**
 * A job over an in-memory registry of one hierarchy, recording what the provider reports. Import jobs hand each
 * change to {@link #importer}, which plays the core's checks (throwing IllegalArgumentException to refuse).
 */
final class TestJob implements SyncJob, RegistryView {

    static final String HIERARCHY = "ADMIN";
    static final String SYSTEM_ID = "fhir-test";

    final List<String> types;
    final Map<String, GeoObject> objects = new LinkedHashMap<>();
    final Map<String, String> externalIds = new HashMap<>();
    final List<ObjectError> errors = new ArrayList<>();
    final List<GeoObjectChange> saved = new ArrayList<>();
    final List<String> stages = new ArrayList<>();
    /** Runs after each progress report: a test's way to act in the middle of a job. */
    Runnable onProgress = () -> { };
    Settings system;
    Settings config;
    Capability direction = Capability.EXPORT;
    boolean dryRun;
    Instant changedSince;
    volatile boolean cancelled;
    Function<GeoObjectChange, GeoObject> importer = TestJob::accept;

    TestJob(Settings system, Settings config, String... types) {
        this.system = system;
        this.config = config;
        this.types = List.of(types);
    }

    TestJob add(String type, String code, String label, String parentType, String parentCode, String geometry) {
        List<ParentLink> parents = parentCode == null ? List.of() : List.of(new ParentLink(HIERARCHY, parentType, parentCode));
        return put(new GeoObject(type, code, LocalizedText.of(label), geometry, Map.of(), parents,
                LocalDate.of(2020, 1, 15), null, Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
    }

    TestJob put(GeoObject object) {
        objects.put(object.typeCode() + "/" + object.code(), object);
        return this;
    }

    String externalId(String type, String code) {
        return externalIds.get(type + "/" + code);
    }

    List<ObjectError> errors(ObjectError.Severity severity) {
        return errors.stream().filter(e -> e.severity() == severity).toList();
    }

    /** The request a "Generate Bundle" download would make for this job's settings. */
    ArtifactRequest artifactRequest(Map<String, List<String>> parameters) {
        TestJob job = this;
        return new ArtifactRequest() {
            @Override public String externalSystemId() { return SYSTEM_ID; }
            @Override public Settings systemSettings() { return job.system; }
            @Override public Optional<Settings> configSettings() { return Optional.of(job.config); }
            @Override public RegistryView registry() { return job; }
            @Override public Map<String, List<String>> parameters() { return parameters; }
            @Override public String publicUrl() { return "http://registry.test"; }
        };
    }

    private static GeoObject accept(GeoObjectChange change) {
        return new GeoObject(change.typeCode(), change.code(), change.label(), change.geometry(), change.attributes(),
                List.of(), change.validFrom(), change.validTo(), Instant.now(), Map.of());
    }

    /** The object as the registry hands it out: with the external ids recorded so far. */
    private GeoObject current(GeoObject o) {
        String id = externalIds.get(o.typeCode() + "/" + o.code());
        return new GeoObject(o.typeCode(), o.code(), o.label(), o.geometry(), o.attributes(), o.parents(),
                o.validFrom(), o.validTo(), o.lastUpdated(), id == null ? Map.of() : Map.of(SYSTEM_ID, id));
    }

    @Override public String id() { return "job-1"; }
    @Override public Settings systemSettings() { return system; }
    @Override public Settings configSettings() { return config; }
    @Override public String externalSystemId() { return SYSTEM_ID; }
    @Override public Capability direction() { return direction; }
    @Override public boolean dryRun() { return dryRun; }
    @Override public Optional<Instant> changedSince() { return Optional.ofNullable(changedSince); }
    @Override public RegistryView registry() { return this; }
    @Override public Path dataDirectory() { return Path.of("target", "data"); }
    @Override public void objectError(ObjectError error) { errors.add(error); }
    @Override
    public void progress(String stage, long processed, long total) {
        stages.add(stage);
        onProgress.run();
    }
    @Override public boolean isCancelled() { return cancelled; }

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
        return Optional.ofNullable(objects.get(typeCode + "/" + code)).map(this::current);
    }

    @Override
    public void saveExternalId(String typeCode, String code, String externalId) {
        externalIds.put(typeCode + "/" + code, externalId);
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
            externalIds.put(change.typeCode() + "/" + change.code(), change.externalId());
        }
        return stored;
    }
}
