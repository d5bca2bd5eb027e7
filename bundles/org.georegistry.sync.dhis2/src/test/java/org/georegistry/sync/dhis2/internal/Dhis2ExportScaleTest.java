package org.georegistry.sync.dhis2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.junit.jupiter.api.Test;

/** A country-sized level goes in batches of 1,000 and a second run updates in place with one read per 200 units. */
class Dhis2ExportScaleTest {

    private static final int FACILITIES = 10_000;

    @Test
    void tenThousandFacilitiesGoInBatchesAndComeBackAsUpdates() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            Settings config = Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "levels", List.of(
                    Map.of("type", "province"), Map.of("type", "district"), Map.of("type", "facility"))));
            TestJob job = new TestJob(Dhis2ExportTest.system(dhis2), config, "province", "district", "facility")
                    .add("province", "P1", "Northern", null, null, null);
            for (int d = 0; d < 20; d++) {
                job.add("district", "D" + d, "District " + d, "province", "P1", null);
            }
            for (int f = 0; f < FACILITIES; f++) {
                job.add("facility", "F" + f, "Facility number " + f, "district", "D" + (f % 20),
                        "{\"type\":\"Point\",\"coordinates\":[" + (f % 180) + ".25,8.5]}");
            }
            long start = System.nanoTime();
            new Dhis2SyncProvider().run(job);
            long created = System.nanoTime();
            assertEquals(List.of(), job.errors);
            assertEquals(FACILITIES + 21, dhis2.store().organisationUnitCount());
            assertEquals(2 + FACILITIES / Dhis2Export.BATCH_OBJECTS, dhis2.requestCount("/api/metadata"));

            dhis2.resetCounters();
            new Dhis2SyncProvider().run(job);
            long updated = System.nanoTime();
            assertEquals(List.of(), job.errors);
            assertEquals(FACILITIES + 21, dhis2.store().organisationUnitCount());
            assertEquals(2 + FACILITIES / CurrentUnits.CHUNK, dhis2.requestCount("/api/organisationUnits"));
            System.out.printf("DHIS2 export of %,d units: create %d ms, update %d ms%n", FACILITIES + 21,
                    (created - start) / 1_000_000, (updated - created) / 1_000_000);
        }
    }
}
