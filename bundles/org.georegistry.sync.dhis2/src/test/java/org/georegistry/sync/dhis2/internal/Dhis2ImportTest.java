package org.georegistry.sync.dhis2.internal;

import static org.georegistry.sync.dhis2.internal.Dhis2Metadata.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** An existing DHIS2 seeds the registry: organisation units read level by level become Geo-Objects. */
class Dhis2ImportTest {

    private static final String POLYGON = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[0,0]]]}";
    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    /** A province with a French name, two districts (one without code) and two facilities, one the registry refuses. */
    static void seed(Dhis2Emulator dhis2, boolean geoJson) throws Exception {
        setUp(dhis2);
        String geometry = geoJson ? "\"geometry\":" + POLYGON
                : "\"featureType\":\"POLYGON\",\"coordinates\":\"[[[0,0],[0,1],[1,1],[0,0]]]\"";
        post(dhis2, "{\"organisationUnits\":["
                + "{\"id\":\"ImspTQPwCqd\",\"code\":\"SL\",\"name\":\"Sierra Leone\",\"shortName\":\"Sierra Leone\","
                + "\"openingDate\":\"1994-01-01T00:00:00.000\"," + geometry + ",\"translations\":[{\"property\":\"NAME\","
                + "\"locale\":\"fr\",\"value\":\"Sierra Léone\"}]},"
                + unit("O6uvpzGd5pu", "\"code\":\"BO\",", "Bo", "ImspTQPwCqd", "") + ","
                + unit("fdc6uOvgoji", "", "Bombali", "ImspTQPwCqd", "") + ","
                + unit("DiszpKrYNg8", "\"code\":\"NGELEHUN\",", "Ngelehun CHC", "O6uvpzGd5pu",
                        ",\"closedDate\":\"2024-06-30T00:00:00.000\",\"attributeValues\":[{\"value\":\"1200\",\"attribute\":"
                        + "{\"id\":\"" + INTEGER_POSITIVE + "\"}},{\"value\":\"PUB\",\"attribute\":{\"id\":\"" + OWNERSHIP
                        + "\"}},{\"value\":\"true\",\"attribute\":{\"id\":\"" + BOOLEAN + "\"}}]") + ","
                + unit("Rp268JB6Ne4", "\"code\":\"BAD1\",", "Refused clinic", "fdc6uOvgoji", "") + "],"
                + "\"organisationUnitGroups\":[{\"id\":\"" + HOSPITALS + "\",\"name\":\"Hospitals\",\"shortName\":"
                + "\"Hospitals\",\"organisationUnits\":[{\"id\":\"DiszpKrYNg8\"}]}]}");
    }

    private static String unit(String id, String code, String name, String parent, String extra) {
        return "{\"id\":\"" + id + "\"," + code + "\"name\":\"" + name + "\",\"shortName\":\"" + name
                + "\",\"openingDate\":\"2000-01-01T00:00:00.000\",\"parent\":{\"id\":\"" + parent + "\"}" + extra + "}";
    }

    static Settings config() {
        return Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "preferredLocale", "en", "levels", List.of(
                Map.of("type", "province"), Map.of("type", "district"),
                Map.of("type", "facility", "attributes", List.of(
                        Map.of("source", "population", "target", "attribute:" + INTEGER_POSITIVE),
                        Map.of("source", "power", "target", "attribute:" + BOOLEAN),
                        Map.of("source", "ownership", "target", "attribute:" + OWNERSHIP, "type", "OPTION_SET",
                                "terms", Map.of("PUBLIC", "PUB", "PRIVATE", "PRV")),
                        Map.of("source", "kind", "type", "ORG_UNIT_GROUP",
                                "terms", Map.of("HOSPITAL", HOSPITALS, "CLINIC", CLINICS)))))));
    }

    static TestJob importJob(Dhis2Emulator dhis2) {
        TestJob job = new TestJob(Dhis2ExportTest.system(dhis2), config(), "province", "district", "facility");
        job.direction = Capability.IMPORT;
        job.refusedCodes.add("BAD1");
        return job;
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.31.9", "2.40.5"})
    void unitsBecomeGeoObjectsWithParentsExternalIdsTranslationsGeometryAndMappedValues(String version) throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version(version))) {
            seed(dhis2, !version.equals("2.31.9"));
            TestJob job = importJob(dhis2);
            provider.run(job);

            assertEquals(List.of("INVALID"), job.errors.stream().map(ObjectError::code).toList());
            ObjectError refused = job.errors.get(0);
            assertEquals("BAD1", refused.objectCode());
            assertEquals("facility", refused.typeCode());
            assertTrue(refused.message().startsWith("code:"), refused.message());
            assertTrue(refused.response().contains("Rp268JB6Ne4"), "the unit as DHIS2 gave it");

            GeoObject province = job.objects.get("province/SL");
            assertEquals("Sierra Leone", province.label().get("en"));
            assertEquals("Sierra Léone", province.label().get("fr"));
            assertEquals("Polygon", Dhis2Metadata.json(province.geometry()).path("type").asText());
            assertEquals(LocalDate.of(1994, 1, 1), province.validFrom());
            assertEquals("ImspTQPwCqd", job.externalId("province", "SL"));
            // a unit without code gets its uid as code
            assertEquals("fdc6uOvgoji", job.externalId("district", "fdc6uOvgoji"));
            GeoObject facility = job.objects.get("facility/NGELEHUN");
            assertEquals(List.of(new ParentLink(TestJob.HIERARCHY, "district", "BO")), facility.parents());
            assertEquals(Map.of("population", 1200L, "power", true, "ownership", "PUBLIC", "kind", "HOSPITAL"),
                    facility.attributes());
            assertEquals(LocalDate.of(2024, 6, 30), facility.validTo());
            assertEquals(4, job.externalIds.size());
            assertEquals(5, job.lastProcessed);
        }
    }

    @Test
    void anIncrementalRunReadsOnlyWhatChangedAndADryRunStoresNothingYetChecksChildren() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.38.4"))) {
            seed(dhis2, true);
            TestJob dry = importJob(dhis2);
            dry.dryRun = true;
            provider.run(dry);
            assertEquals(0, dry.externalIds.size());
            assertEquals(List.of("BAD1"), dry.errors.stream().map(ObjectError::objectCode).toList(),
                    "children of units the dry run would create are checked, not refused for their parent");

            TestJob job = importJob(dhis2);
            provider.run(job);
            job.changedSince = Instant.now();
            Thread.sleep(5);
            post(dhis2, "{\"organisationUnits\":[" + unit("O6uvpzGd5pu", "\"code\":\"BO\",", "Bo District",
                    "ImspTQPwCqd", "") + "]}");
            job.errors.clear();
            provider.run(job);
            assertEquals(List.of(), job.errors);
            assertEquals(1, job.lastProcessed, "only the renamed district");
            assertEquals("Bo District", job.objects.get("district/BO").label().defaultValue());
        }
    }

    @Test
    void largeLevelsAreReadInPages() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            seed(dhis2, true);
            StringBuilder units = new StringBuilder("{\"organisationUnits\":[");
            for (int i = 0; i < 2100; i++) {
                units.append(i == 0 ? "" : ",").append(unit(String.format("Fac%08d", i), "\"code\":\"FAC" + i + "\",",
                        "Facility " + i, "O6uvpzGd5pu", ""));
            }
            post(dhis2, units.append("]}").toString());
            TestJob job = importJob(dhis2);
            dhis2.resetCounters();
            provider.run(job);
            assertEquals(List.of("BAD1"), job.errors.stream().map(ObjectError::objectCode).toList());
            assertEquals(2104, job.externalIds.size());
            assertEquals(1 + 1 + 3, dhis2.requestCount("/api/organisationUnits"), "levels 1 and 2 in one page each, "
                    + "3 pages of " + Dhis2Import.PAGE_SIZE + " for level 3");
        }
    }

    @Test
    void levelsCanNameTheirDhis2LevelAndNoneLevelsAreSkipped() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            seed(dhis2, true);
            TestJob job = new TestJob(Dhis2ExportTest.system(dhis2), Settings.of(Map.of("hierarchy", TestJob.HIERARCHY,
                    "levels", List.of(Map.of("type", "province", "syncType", "NONE"),
                            Map.of("type", "facility", "dhis2Level", 3)))), "province", "facility");
            job.direction = Capability.IMPORT;
            provider.run(job);
            assertNull(job.objects.get("province/SL"));
            // their parents are districts the registry does not have: refused, as the registry refuses orphans
            assertEquals(List.of("INVALID", "INVALID"), job.errors.stream().map(ObjectError::code).toList());
            assertTrue(job.errors.get(0).message().startsWith("parentExternalId:"), job.errors.get(0).message());
        }
    }
}
