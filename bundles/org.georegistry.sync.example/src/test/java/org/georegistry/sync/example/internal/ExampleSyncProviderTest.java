package org.georegistry.sync.example.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleSyncProviderTest {

    @TempDir
    Path dir;

    private final ExampleSyncProvider provider = new ExampleSyncProvider();

    static GeoObject object(String type, String code, String label, String geometry) {
        return new GeoObject(type, code, new LocalizedText(Map.of("en", label)), geometry, Map.of(), List.of(),
                LocalDate.of(2020, 1, 1), null, Instant.parse("2026-01-01T00:00:00Z"), Map.of());
    }

    /** A job over a fixed list of objects, recording what the provider reports. */
    final class ListJob implements SyncJob, RegistryView {
        final List<GeoObject> objects;
        final boolean dryRun;
        final List<ObjectError> errors = new ArrayList<>();
        long lastProcessed;

        ListJob(boolean dryRun, GeoObject... objects) {
            this.objects = List.of(objects);
            this.dryRun = dryRun;
        }

        @Override public String id() { return "job-1"; }
        @Override public Settings systemSettings() { return Settings.of(Map.of("file", "out.geojsonl")); }
        @Override public Settings configSettings() { return Settings.of(Map.of("types", "district, facility")); }
        @Override public String externalSystemId() { return "file-system"; }
        @Override public boolean dryRun() { return dryRun; }
        @Override public Optional<Instant> changedSince() { return Optional.empty(); }
        @Override public RegistryView registry() { return this; }
        @Override public Path dataDirectory() { return dir; }
        @Override public void progress(String stage, long processed, long total) { lastProcessed = processed; }
        @Override public void objectError(ObjectError error) { errors.add(error); }
        @Override public boolean isCancelled() { return false; }

        @Override
        public Stream<GeoObject> objects(String typeCode, Optional<Instant> changedSince) {
            return objects.stream().filter(o -> o.typeCode().equals(typeCode));
        }

        @Override public Optional<GeoObject> find(String typeCode, String code) { return Optional.empty(); }
        @Override public List<String> typesParentFirst(String hierarchyCode) { return List.of(); }
        @Override public Stream<GeoObject> objectsParentFirst(String hierarchyCode, Optional<Instant> since) { return Stream.empty(); }
        @Override public void saveExternalId(String typeCode, String code, String externalId) {}
        @Override public Capability direction() { return Capability.EXPORT; }
        @Override public Map<String, String> externalIds(String typeCode) { return Map.of(); }
        @Override public Optional<GeoObject> findByExternalId(String externalId) { return Optional.empty(); }
        @Override public GeoObject save(GeoObjectChange change) { throw new IllegalStateException("export job"); }
    }

    @Test
    void writesOneFeaturePerLineInTypeOrderWithEscapedText() throws Exception {
        ListJob job = new ListJob(false,
                object("facility", "F1", "Clinic \"A\"\n", "{\"type\":\"Point\",\"coordinates\":[1,2]}"),
                object("district", "D1", "Bo", null),
                object("region", "R1", "not exported", null));
        provider.run(job);
        List<String> lines = Files.readAllLines(dir.resolve("out.geojsonl"));
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).contains("\"id\":\"district/D1\"") && lines.get(0).contains("\"geometry\":null"), lines.get(0));
        assertTrue(lines.get(1).contains("\"en\":\"Clinic \\\"A\\\"\\n\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"coordinates\":[1,2]"));
        assertEquals(2, job.lastProcessed);
        assertEquals(1, job.errors.size());
        assertEquals("D1", job.errors.get(0).objectCode());
        assertEquals(ObjectError.Severity.WARNING, job.errors.get(0).severity());
    }

    @Test
    void dryRunWritesNothingAndObjectsWithoutCodeAreErrors() throws Exception {
        String point = "{\"type\":\"Point\",\"coordinates\":[-11.7,8.0]}";
        ListJob job = new ListJob(true, object("district", "", "nameless", point), object("district", "D2", "Kenema", point));
        provider.run(job);
        assertFalse(Files.exists(dir.resolve("out.geojsonl")));
        assertEquals(1, job.errors.size());
        assertEquals("NO_CODE", job.errors.get(0).code());
    }

    @Test
    void fileNamesThatEscapeTheDataDirectoryAreRejected() {
        assertEquals("file", provider.validateSystemSettings(Settings.of(Map.of("file", "../x"))).get(0).field());
        assertTrue(provider.validateSystemSettings(Settings.of(Map.of("file", "export-1.geojsonl"))).isEmpty());
        assertFalse(provider.testConnection(Settings.of(Map.of("file", "/etc/passwd"))).ok());
    }
}
