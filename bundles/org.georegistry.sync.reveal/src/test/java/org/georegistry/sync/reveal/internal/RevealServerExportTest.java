package org.georegistry.sync.reveal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.itests.reveal.RevealEmulator;
import org.georegistry.itests.reveal.RevealStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The export to the Reveal server's /api/v1 against the emulator, which derives parents from geometry. */
class RevealServerExportTest {

    private final RevealSyncProvider provider = Fixtures.provider();
    private final RevealEmulator reveal = RevealEmulator.start(new RevealEmulator.Config());

    @AfterEach
    void stop() {
        reveal.close();
    }

    private RevealStore.Location location(TestJob job, String type, String code) {
        return reveal.reveal().location(UUID.fromString(job.externalId(type, code))).orElseThrow();
    }

    private String parentName(TestJob job, String type, String code) {
        return reveal.reveal().parentOf(location(job, type, code).identifier(), TestJob.HIERARCHY)
                .map(RevealStore.Location::name).orElse(null);
    }

    @Test
    void createsLevelsAndHierarchyThenLocationsWhoseParentsRevealDerives() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.oauth(reveal, "REVEAL"), Fixtures.config("levels", List.of(
                Map.of("type", "country"), Map.of("type", "province"), Map.of("type", "district"),
                Map.of("type", "facility", "geographicLevel", "health-facility", "title", "Health facility"))));
        provider.run(job);
        assertEquals(List.of(), job.errors);
        assertEquals(List.of("country", "province", "district", "health-facility"),
                reveal.reveal().levels().stream().map(RevealStore.Level::name).toList());
        assertEquals("Health facility", reveal.reveal().level("health-facility").orElseThrow().title());
        assertEquals(List.of("country", "province", "district", "health-facility"),
                reveal.reveal().hierarchy(TestJob.HIERARCHY).orElseThrow().nodeOrder());
        assertEquals(5, reveal.reveal().locationCount());
        RevealStore.Location clinic = location(job, "facility", "F1");
        assertEquals("Chongwe Clinic", clinic.name());
        assertEquals("ACTIVE", clinic.status());
        assertEquals(Locations.newId(TestJob.SYSTEM, "facility", "F1"), clinic.externalId());
        // the registry's parents are what Reveal derives from the geometries
        assertEquals("Chongwe", parentName(job, "facility", "F1"));
        assertEquals("Lusaka", parentName(job, "district", "KAF"));
        assertEquals("Zambia", parentName(job, "province", "LSK"));

        String identifier = job.externalId("district", "KAF");
        job.put(new GeoObject("district", "KAF", LocalizedText.of("Kafue District"), Fixtures.KAFUE, Map.of(),
                job.object("district", "KAF").parents(), LocalDate.of(2020, 1, 1), LocalDate.of(2021, 1, 1),
                TestJob.CREATED, Map.of()));
        reveal.resetCounters();
        provider.run(job);
        assertEquals(5, reveal.reveal().locationCount(), "updated in place");
        assertEquals(0, reveal.requestCount("/api/v1/location"), "no creation the second time");
        assertEquals(identifier, job.externalId("district", "KAF"));
        assertEquals("Kafue District", location(job, "district", "KAF").name());
        assertEquals("INACTIVE", location(job, "district", "KAF").status());
        assertEquals(4, reveal.reveal().levels().size(), "existing levels are not created again");
    }

    @Test
    void objectsWithoutGeometryAreErrorsAndTheirChildrenAWarning() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "REVEAL"), Fixtures.config());
        job.add("district", "CHO", "Chongwe", "province", "LSK", null);
        provider.run(job);
        assertEquals(List.of("NO_GEOMETRY:CHO"), job.codes(ObjectError.Severity.ERROR));
        assertTrue(job.errors.get(0).message().contains("has no geometry"), job.errors.get(0).message());
        assertEquals(List.of("PARENT_NOT_IN_REVEAL:F1"), job.codes(ObjectError.Severity.WARNING));
        assertEquals(4, reveal.reveal().locationCount());
        assertNull(job.externalId("district", "CHO"));
    }

    @Test
    void aRefusedLocationIsReportedWithWhatWasSent() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "REVEAL"), Fixtures.config());
        reveal.faults().reject("Kafue");
        provider.run(job);
        assertEquals(List.of("REVEAL_500:KAF"), job.codes(ObjectError.Severity.ERROR));
        assertTrue(job.errors.get(0).submitted().contains("\"name\":\"Kafue\""));
        assertEquals(4, reveal.reveal().locationCount());
    }

    @Test
    void aDryRunWritesNothingAndSaysWhatItWouldCreate() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "REVEAL"), Fixtures.config());
        job.dryRun = true;
        provider.run(job);
        assertEquals(List.of("LEVEL_TO_CREATE:null", "LEVEL_TO_CREATE:null", "LEVEL_TO_CREATE:null",
                "LEVEL_TO_CREATE:null", "HIERARCHY_TO_CREATE:null"), job.codes(ObjectError.Severity.WARNING));
        assertEquals(List.of(), job.errors(ObjectError.Severity.ERROR));
        assertEquals(0, reveal.reveal().levels().size());
        assertEquals(0, reveal.reveal().locationCount());
        assertEquals(0, job.saves);
    }

    @Test
    void aLocationDeletedInRevealIsCreatedAgainAndAnotherHierarchyIsReported() throws Exception {
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "REVEAL"), Fixtures.config("revealHierarchy", "zambia"));
        provider.run(job);
        String old = job.externalId("district", "KAF");
        SystemSettings settings = SystemSettings.read(job.system).settings();
        new RevealClient(settings.transport().newClient(),
                new com.fasterxml.jackson.databind.ObjectMapper(), settings, settings.transport())
                .sendJson("DELETE", "/api/v1/location/" + old, null, true);
        job.config = Fixtures.config("revealHierarchy", "zambia", "levels", List.of(Map.of("type", "country"),
                Map.of("type", "province"), Map.of("type", "district")));
        provider.run(job);
        assertEquals(List.of("HIERARCHY_DIFFERS:null", "RECREATED:KAF"), job.codes(ObjectError.Severity.WARNING));
        assertTrue(!old.equals(job.externalId("district", "KAF")));
        assertEquals(5, reveal.reveal().locationCount());
    }
}
