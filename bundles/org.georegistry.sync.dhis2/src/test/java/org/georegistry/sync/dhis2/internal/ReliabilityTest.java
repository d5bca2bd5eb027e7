package org.georegistry.sync.dhis2.internal;

import static org.georegistry.sync.dhis2.internal.Dhis2ExportTest.config;
import static org.georegistry.sync.dhis2.internal.Dhis2ExportTest.hierarchy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.PeerUnavailableException;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.dhis2.Faults;
import org.junit.jupiter.api.Test;

/**
 * What a DHIS2 behind a proxy does on a bad day (the emulator's faults): transient failures are retried with a
 * growing wait, a DHIS2 that stays down fails the job with a clear message, a hanging one times out, and a body the
 * proxy refuses as too large is split.
 */
class ReliabilityTest {

    private static final Duration FIRST_DELAY = Duration.ofMillis(20);
    private final Dhis2SyncProvider provider = new Dhis2SyncProvider(FIRST_DELAY);

    private static Settings system(Dhis2Emulator dhis2, Object... extra) {
        Map<String, Object> values = new HashMap<>(Dhis2ExportTest.system(dhis2).asMap());
        for (int i = 0; i < extra.length; i += 2) {
            values.put((String) extra[i], extra[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void transientFailuresAreRetriedAndTheJobSucceeds() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            dhis2.faults().failNext("/api/metadata", 1, Faults.Kind.BAD_GATEWAY_HTML)
                    .failNext("/api/metadata", 1, Faults.Kind.SERVER_ERROR)
                    .failNext("/api/metadata", 1, Faults.Kind.CONNECTION_CLOSED)
                    .failNext("/api/system/info", 1, Faults.Kind.SERVER_ERROR);
            TestJob job = hierarchy(system(dhis2), config("ALL"));
            provider.run(job);
            assertEquals(List.of(), job.errors);
            assertEquals(5, dhis2.store().organisationUnitCount());
            assertEquals(5, job.externalIds.size());
            assertEquals(3 + 3, dhis2.requestCount("/api/metadata"), "three levels, three failures tried again");
        }
    }

    @Test
    void aDhis2ThatStaysDownFailsTheJobAfterBoundedRetriesAndKeepsWhatWasConfirmed() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            TestJob job = hierarchy(system(dhis2, "retries", 3), config("ALL"));
            // the provinces' import goes through, then the proxy only has its error page
            job.onExportProgress = () -> dhis2.faults().failNext("/api/metadata", 1000, Faults.Kind.BAD_GATEWAY_HTML);
            long start = System.nanoTime();
            Exception e = assertThrows(Dhis2Exception.class, () -> provider.run(job));
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().contains("HTTP 502 text/html") && e.getMessage().endsWith("(tried 4 times)"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("district"), "no password in messages: " + e.getMessage());
            assertTrue(PeerUnavailableException.in(e), "the core ends the job with stage CONNECTION_FAILED");
            assertEquals(1 + 4, dhis2.requestCount("/api/metadata"));
            assertTrue(waited >= 20 + 40 + 80, "waits 20, 40 then 80 ms: " + waited);
            assertNotNull(job.externalId("province", "P1"));
            assertNull(job.externalId("district", "D1"));

            TestJob closed = hierarchy(system(dhis2, "retries", 1), config("ALL"));
            dhis2.faults().clear();
            dhis2.faults().failNext("/api/metadata", 1000, Faults.Kind.CONNECTION_CLOSED);
            e = assertThrows(Dhis2Exception.class, () -> provider.run(closed));
            assertTrue(e.getMessage().startsWith("Cannot reach DHIS2 at " + dhis2.baseUrl()), e.getMessage());
            assertTrue(e.getMessage().endsWith("(tried 2 times)"), e.getMessage());
            assertTrue(PeerUnavailableException.in(e));
        }
    }

    @Test
    void aDhis2ThatDoesNotAnswerTimesOut() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            dhis2.faults().failNext("/api/metadata", 1000, Faults.Kind.HANG);
            TestJob job = hierarchy(system(dhis2, "readTimeoutSeconds", 1, "retries", 1), config("ALL"));
            Exception e = assertThrows(Dhis2Exception.class, () -> provider.run(job));
            assertTrue(e.getMessage().contains("no answer to /metadata") && e.getMessage().contains("within 1 s")
                    && e.getMessage().endsWith("(tried 2 times)"), e.getMessage());
            assertTrue(PeerUnavailableException.in(e));
        }
    }

    @Test
    void aBatchTheProxyRefusesAsTooLargeIsSplitAndAUnitTooLargeAloneIsAnError() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").maxBodyBytes(4000))) {
            TestJob job = new TestJob(system(dhis2), config("ALL"), "province", "district", "facility")
                    .add("province", "P1", "Northern", null, null, null)
                    .add("district", "D1", "Bombali", "province", "P1", null);
            for (int f = 0; f < 40; f++) {
                job.add("facility", "F" + f, "Facility " + f, "district", "D1", "{\"type\":\"Point\",\"coordinates\":["
                        + f + ".123456,8.123456]}");
            }
            StringBuilder ring = new StringBuilder("[[0,0]");
            for (int i = 1; i < 300; i++) {
                ring.append(",[").append(i).append(".5,").append(i % 7).append(".25]");
            }
            job.add("facility", "BIG", "Big catchment", "district", "D1",
                    "{\"type\":\"Polygon\",\"coordinates\":[" + ring + ",[0,0]]]}");
            provider.run(job);
            assertEquals(List.of("TOO_LARGE"), job.errors.stream().map(ObjectError::code).toList());
            assertEquals("BIG", job.errors.get(0).objectCode());
            assertTrue(job.errors.get(0).message().contains("HTTP 413"), job.errors.get(0).message());
            assertEquals(42, dhis2.store().organisationUnitCount());
            assertEquals(42, job.externalIds.size());
        }
    }

    @Test
    void timeoutsAndRetriesAreSystemSettingsCheckedForRange() {
        Settings bad = Settings.of(Map.of("url", "https://dhis2.example.org", "token", "d2pat_x",
                "connectTimeoutSeconds", 0, "readTimeoutSeconds", "soon", "retries", 11));
        assertEquals(List.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries"),
                provider.validateSystemSettings(bad).stream().map(p -> p.field()).toList());
    }
}
