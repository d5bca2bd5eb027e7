package org.georegistry.sync.dhis2.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;

/** A job over an in-memory registry of one hierarchy, recording what the provider reports. */
final class TestJob implements SyncJob, RegistryView {

    static final String HIERARCHY = "ADMIN";
    static final String SYSTEM = "dhis2-test";

    final List<String> types;
    final Map<String, GeoObject> objects = new LinkedHashMap<>();
    final Map<String, String> externalIds = new HashMap<>();
    final List<ObjectError> errors = new ArrayList<>();
    final List<String> stages = new ArrayList<>();
    Settings system;
    Settings config;
    boolean dryRun;
    int saves;
    long lastProcessed;
    int cancelAfterProgress = -1;
    Capability direction = Capability.EXPORT;
    Instant changedSince;
    /** Codes the registry refuses on import, as its checks would refuse an invalid object. */
    final java.util.Set<String> refusedCodes = new java.util.HashSet<>();
    /** Runs at each EXPORT progress report, e.g. to break the peer in the middle of a job. */
    Runnable onExportProgress = () -> {};

    TestJob(Settings system, Settings config, String... types) {
        this.system = system;
        this.config = config;
        this.types = List.of(types);
    }

    TestJob add(String type, String code, String label, String parentType, String parentCode, String geometry) {
        List<ParentLink> parents = parentCode == null ? List.of() : List.of(new ParentLink(HIERARCHY, parentType, parentCode));
        objects.put(type + "/" + code, new GeoObject(type, code, LocalizedText.of(label), geometry, Map.of(), parents,
                LocalDate.of(2020, 1, 15), null, Instant.parse("2026-01-01T00:00:00Z"), Map.of()));
        return this;
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

    /** The object as the registry hands it out: with the external ids recorded so far. */
    private GeoObject current(GeoObject o) {
        String id = externalIds.get(o.typeCode() + "/" + o.code());
        return new GeoObject(o.typeCode(), o.code(), o.label(), o.geometry(), o.attributes(), o.parents(),
                o.validFrom(), o.validTo(), o.lastUpdated(), id == null ? Map.of() : Map.of(SYSTEM, id));
    }

    @Override public String id() { return "job-1"; }
    @Override public Settings systemSettings() { return system; }
    @Override public Settings configSettings() { return config; }
    @Override public String externalSystemId() { return SYSTEM; }
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
    }

    @Override
    public boolean isCancelled() {
        return cancelAfterProgress >= 0 && stages.stream().filter("EXPORT"::equals).count() >= cancelAfterProgress;
    }

    @Override
    public Stream<GeoObject> objects(String typeCode, Optional<Instant> changedSince) {
        return objects.values().stream().filter(o -> o.typeCode().equals(typeCode)).map(this::current);
    }

    @Override
    public Stream<GeoObject> objectsParentFirst(String hierarchyCode, Optional<Instant> changedSince) {
        return typesParentFirst(hierarchyCode).stream().flatMap(t -> objects(t, changedSince));
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
        saves++;
        externalIds.put(typeCode + "/" + code, externalId);
    }

    @Override
    public Capability direction() {
        return direction;
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
                .map(e -> objects.get(e.getKey())).filter(java.util.Objects::nonNull).map(this::current).findFirst();
    }

    /** What the core's import writer does, in memory: match by external id then code, parent by external id. */
    @Override
    public GeoObject save(GeoObjectChange change) {
        if (direction != Capability.IMPORT) {
            throw new IllegalStateException("Only import jobs may change the registry");
        }
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
            objects.put(change.typeCode() + "/" + change.code(), object);
            externalIds.put(change.typeCode() + "/" + change.code(), change.externalId());
        }
        return object;
    }
}
