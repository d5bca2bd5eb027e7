package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.fhir.transform.mcsd.internal.McsdTransformation;
import org.georegistry.itests.fhir.FhirTestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Imports from a real HAPI JPA server through transformations: what an export sent comes back through the mCSD
 * transformation, in pages, incrementally; broken transformations cost their Locations, not the job.
 */
class FhirImportTest {

    private static final int OBJECTS = 1 + 2 + 2 * 2 + 2 * 2 * 2;
    private static FhirTestServer fhir;
    private final FhirSyncProvider provider = new FhirSyncProvider();
    private final String system = "https://registry.example.org/" + UUID.randomUUID();
    private long serviceIds = 1;
    private static volatile boolean testOver;

    @BeforeAll
    static void start() throws Exception {
        fhir = FhirTestServer.shared();
    }

    private void install(FhirImportTransformation t, String version) {
        provider.addTransformation(new Transformations.Installed(t.id(), t, "test." + t.id(), version, 0, serviceIds++));
    }

    /** Exports the sample hierarchy under this test's system, so only its Locations carry that system. */
    private TestJob exported() throws Exception {
        TestJob export = SampleHierarchy.fill(new TestJob(systemSettings(), Settings.of(Map.of("hierarchy",
                TestJob.HIERARCHY)), SampleHierarchy.TYPES), 2, 2);
        provider.run(export);
        assertEquals(List.of(), export.errors);
        return export;
    }

    private Settings systemSettings() {
        return Settings.of(Map.of("url", fhir.baseUrl(), "system", system));
    }

    private TestJob importJob(String transformation, Map<String, Object> more) {
        Map<String, Object> config = new HashMap<>(Map.of("hierarchy", TestJob.HIERARCHY, "transformation",
                transformation, "pageSize", 4, "search", "identifier=" + system + "|"));
        config.putAll(more);
        TestJob job = new TestJob(systemSettings(), Settings.of(config), SampleHierarchy.TYPES);
        job.direction = Capability.IMPORT;
        return job;
    }

    @Test
    void whatAnExportSentComesBackThroughTheMcsdTransformationPageByPage() throws Exception {
        TestJob export = exported();
        install(new McsdTransformation(), "1.0.0");
        // newest first: children come before their parents and must wait for them
        TestJob job = importJob("mcsd", Map.of("search", "identifier=" + system + "|&_sort=-_lastUpdated"));
        provider.run(job);
        assertEquals(List.of(), job.errors);
        assertEquals(OBJECTS, job.saved.size());
        assertTrue(job.stages.stream().filter("IMPORT"::equals).count() >= 4, "pages of 4: " + job.stages);
        GeoObjectChange facility = job.saved.stream().filter(c -> c.code().equals("KE-P2-D1-F1")).findFirst()
                .orElseThrow();
        assertEquals("FACILITY", facility.typeCode());
        assertEquals(export.externalId("FACILITY", "KE-P2-D1-F1"), facility.externalId());
        assertEquals(export.externalId("DISTRICT", "KE-P2-D1"), facility.parentExternalId());
        assertEquals("Health centre KE-P2-D1-F1", facility.label().defaultValue());
        assertTrue(facility.geometry().startsWith("{\"type\":\"Point\""));
        GeoObjectChange country = job.saved.stream().filter(c -> c.code().equals("KE")).findFirst().orElseThrow();
        assertEquals("Jamhuri ya Kenya", country.label().values().getOrDefault("sw", "Jamhuri ya Kenya"));
        assertTrue(country.geometry().contains("Polygon"));
        int countryAt = job.saved.indexOf(country);
        assertTrue(job.saved.stream().filter(c -> "KE".equals(c.code()) || c.typeCode().equals("PROVINCE"))
                .allMatch(c -> c == country || job.saved.indexOf(c) > countryAt), "parents are saved first");
    }

    @Test
    void anIncrementalRunOnlyReadsWhatChangedSince() throws Exception {
        exported();
        install(new McsdTransformation(), "1.0.0");
        TestJob job = importJob("mcsd", Map.of());
        job.changedSince = Instant.now().plusSeconds(5);
        provider.run(job);
        assertEquals(0, job.saved.size());
        assertEquals(List.of(), job.errors);
    }

    @Test
    void brokenTransformationsCostTheirLocationsNotTheJob() throws Exception {
        exported();
        AtomicInteger calls = new AtomicInteger();
        install(new Broken("broken", calls), "1.0.0");
        TestJob job = importJob("broken", Map.of("transformationTimeout", 1));
        // the registry refuses what the core's checks would refuse
        job.importer = change -> {
            if (change.code().endsWith("-F2")) {
                throw new IllegalArgumentException("code: not allowed here");
            }
            return null;
        };
        provider.run(job);
        Map<String, Long> byCode = new HashMap<>();
        job.errors(ObjectError.Severity.ERROR).forEach(e -> byCode.merge(e.code(), 1L, Long::sum));
        assertTrue(byCode.get("TRANSFORMATION_FAILED") >= 3, byCode.toString());
        assertTrue(job.errors.stream().anyMatch(e -> e.message().contains("failed: IllegalStateException: boom")));
        assertTrue(job.errors.stream().anyMatch(e -> e.message().contains("answered no list of changes")));
        assertTrue(job.errors.stream().anyMatch(e -> e.message().contains("did not finish this page within 1 s")));
        assertTrue(job.errors.stream().anyMatch(e -> e.code().equals("INVALID")
                && e.message().endsWith("was refused: code: not allowed here")));
        // the Location it looped on was tried and timed out: it counts twice
        assertEquals(OBJECTS + 1, calls.get() + countUnfinished(job), "every Location was tried or timed out");
        assertTrue(job.saved.size() > 0, "the good ones were saved");
    }

    private static long countUnfinished(TestJob job) {
        return job.errors.stream().filter(e -> e.message().contains("did not finish this page")).count();
    }

    @Test
    void aTransformationThatAlwaysLoopsStopsTheJobAfterThreePages() throws Exception {
        exported();
        install(new FhirImportTransformation() {
            @Override public String id() { return "loops"; }
            @Override public String label() { return "Loops"; }
            @Override public List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context) {
                while (!testOver) {
                    Thread.onSpinWait();   // ignores interruption, as a real bug would
                }
                return List.of();
            }
        }, "1.0.0");
        TestJob job = importJob("loops", Map.of("transformationTimeout", 1));
        IllegalStateException e;
        try {
            e = assertThrows(IllegalStateException.class, () -> provider.run(job));
        } finally {
            testOver = true;   // lets the abandoned threads end, so they do not slow the tests that follow
        }
        assertTrue(e.getMessage().startsWith("The FHIR transformation 'loops' ran out of time on 3 pages"), e.getMessage());
        assertEquals(12, job.errors.size(), "each Location of the three pages is reported");
    }

    @Test
    void aConfigurationWhoseTransformationIsNotInstalledRefusesToRun() {
        install(new McsdTransformation(), "1.0.0");
        TestJob job = importJob("national-profile", Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.run(job));
        assertEquals("The FHIR import transformation 'national-profile' is not installed, so this import cannot run;"
                + " installed: [mcsd]. Deploy its bundle and run again.", e.getMessage());
    }

    @Test
    void aNewerVersionOfATransformationIsUsedForTheNextRun() throws Exception {
        exported();
        AtomicInteger old = new AtomicInteger();
        AtomicInteger fresh = new AtomicInteger();
        install(new Counting("mcsd", old), "1.0.0");
        install(new Counting("mcsd", fresh), "1.1.0");
        provider.run(importJob("mcsd", Map.of()));
        assertEquals(0, old.get());
        assertEquals(OBJECTS, fresh.get());
        assertNotNull(provider.options(systemSettings(), Settings.empty()).get("transformation"));
    }

    /** Counts calls and delegates to the mCSD transformation. */
    private record Counting(String id, AtomicInteger calls) implements FhirImportTransformation {
        @Override public String label() { return "counting"; }
        @Override public List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context) {
            calls.incrementAndGet();
            return new McsdTransformation().transform(location, context);
        }
    }

    /** Throws, answers null, or loops, depending on the Location; otherwise reads it as mCSD. */
    private record Broken(String id, AtomicInteger calls) implements FhirImportTransformation {
        @Override public String label() { return "broken"; }
        @Override public List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context) {
            calls.incrementAndGet();
            String json = location.json();
            if (json.contains("\"KE-P1-D1-F1\"")) {
                throw new IllegalStateException("boom");
            }
            if (json.contains("\"KE-P1-D2-F1\"")) {
                return null;
            }
            if (json.contains("\"KE-P2-D2-F1\"")) {
                long end = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
            return new McsdTransformation().transform(location, context);
        }
    }
}
