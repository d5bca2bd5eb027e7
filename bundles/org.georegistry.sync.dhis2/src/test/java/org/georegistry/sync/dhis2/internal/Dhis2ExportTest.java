package org.georegistry.sync.dhis2.internal;

import static org.georegistry.sync.dhis2.internal.Dhis2Metadata.get;
import static org.georegistry.sync.dhis2.internal.Dhis2Metadata.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.dhis2.OrgUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exports a small hierarchy to the DHIS2 emulator of each envelope and geometry generation. */
class Dhis2ExportTest {

    private static final String POLYGON = "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[0,0]]]}";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String POINT = "{\"type\":\"Point\",\"coordinates\":[0.5,0.5]}";

    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    static Settings system(Dhis2Emulator dhis2) {
        return Settings.of(Map.of("url", dhis2.baseUrl() + "/api/", "username", "admin", "password", "district"));
    }

    static Settings config(String syncType, Object... extra) {
        List<Map<String, Object>> levels = List.of(
                Map.of("type", "province", "syncType", syncType),
                Map.of("type", "district", "syncType", syncType),
                Map.of("type", "facility", "syncType", syncType));
        Map<String, Object> values = new LinkedHashMap<>(Map.of("hierarchy", TestJob.HIERARCHY, "levels", levels));
        for (int i = 0; i < extra.length; i += 2) {
            values.put((String) extra[i], extra[i + 1]);
        }
        return Settings.of(values);
    }

    static TestJob hierarchy(Settings system, Settings config) {
        return new TestJob(system, config, "province", "district", "facility")
                .add("province", "P1", "Northern", null, null, POLYGON)
                .add("district", "D1", "Bombali", "province", "P1", null)
                .add("district", "D2", "Tonkolili", "province", "P1", null)
                .add("facility", "F1", "Makeni Government Hospital", "district", "D1", POINT)
                .add("facility", "F2", "Magburaka Clinic", "district", "D2", POINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.31.9", "2.36.11", "2.38.4", "2.40.5"})
    void createsTheHierarchyThenUpdatesItInPlace(String version) throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version(version).user("admin", "district"))) {
            TestJob job = hierarchy(system(dhis2), config("ALL"));
            provider.run(job);
            assertEquals(List.of(), job.errors, version);
            assertEquals(5, dhis2.store().organisationUnitCount());
            assertEquals(5, job.externalIds.size());
            OrgUnit province = dhis2.store().organisationUnit(job.externalId("province", "P1")).orElseThrow();
            OrgUnit district = dhis2.store().organisationUnit(job.externalId("district", "D1")).orElseThrow();
            OrgUnit facility = dhis2.store().organisationUnit(job.externalId("facility", "F1")).orElseThrow();
            assertEquals(1, province.level());
            assertEquals(3, facility.level());
            assertEquals(district.id(), facility.parentId());
            assertEquals("/" + province.id() + "/" + district.id() + "/" + facility.id(), facility.path());
            assertEquals("F1", facility.code());
            assertEquals("Makeni Government Hospital", facility.name());
            assertTrue(facility.openingDate().startsWith("2020-01-15"), facility.openingDate());
            if (version.equals("2.31.9")) {
                assertEquals("POINT", facility.featureType());
                assertEquals("[0.5,0.5]", facility.coordinates());
            } else {
                assertEquals("Point", facility.geometry().path("type").asText());
                assertEquals("Polygon", province.geometry().path("type").asText());
            }
            assertTrue(job.stages.contains("EXPORT") && job.stages.contains("COMPLETE"));

            // second run: same ids, updated names, nothing duplicated
            job.add("facility", "F1", "Makeni Regional Hospital", "district", "D1", POINT);
            String firstId = facility.id();
            provider.run(job);
            assertEquals(List.of(), job.errors);
            assertEquals(5, dhis2.store().organisationUnitCount());
            assertEquals(firstId, job.externalId("facility", "F1"));
            assertEquals("Makeni Regional Hospital", dhis2.store().organisationUnit(firstId).orElseThrow().name());
        }
    }

    /**
     * A crash between DHIS2's commit and the registry storing the ids (CrashIT kills the server there): the rerun
     * sends the same ids, so real DHIS2's CREATE_AND_UPDATE updates the units it has instead of refusing their codes
     * as duplicates (E5003), and every object gets its id.
     */
    @Test
    void aRerunAfterTheIdsWereLostUpdatesTheUnitsDhis2AlreadyHas() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            TestJob job = hierarchy(system(dhis2), config("ALL"));
            provider.run(job);
            Map<String, String> first = new HashMap<>(job.externalIds);
            job.externalIds.clear();
            job.add("facility", "F1", "Makeni Regional Hospital", "district", "D1", POINT);
            provider.run(job);
            assertEquals(List.of(), job.errors);
            assertEquals(5, dhis2.store().organisationUnitCount());
            assertEquals(first, job.externalIds);
            assertEquals("Makeni Regional Hospital",
                    dhis2.store().organisationUnit(job.externalId("facility", "F1")).orElseThrow().name());
        }
    }

    /**
     * Ids are stored by a thread of their own while the job reads on, and every level's ids are stored before its
     * children are sent; the registry refusing them (another object holds one) fails the job with that reason.
     */
    @Test
    void idsAreStoredBesideTheExportAndAFailureToStoreThemFailsTheJob() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            TestJob job = hierarchy(system(dhis2), config("ALL"));
            provider.run(job);
            assertEquals(5, job.externalIds.size());
            assertEquals(Set.of("dhis2-export-ids"), job.idThreads);
        }
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            TestJob refused = hierarchy(system(dhis2), config("ALL"));
            refused.refuseIds = new IllegalStateException("An external id of system 'dhis2-test' belongs to another"
                    + " Geo-Object");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.run(refused));
            assertTrue(e.getMessage().contains("belongs to another Geo-Object"), e.getMessage());
            // the province's ids were not stored, so its districts and facilities were never sent
            assertEquals(1, dhis2.store().organisationUnitCount());
            assertEquals(Map.of(), refused.externalIds);
        }
    }

    @Test
    void newIdsAreValidAndDifferPerSystemTypeAndCode() {
        String id = Uids.derive("system-a", "facility", "F1");
        assertTrue(Uids.valid(id), id);
        assertEquals(id, Uids.derive("system-a", "facility", "F1"));
        Set<String> others = Set.of(Uids.derive("system-b", "facility", "F1"), Uids.derive("system-a", "district", "F1"),
                Uids.derive("system-a", "facility", "F2"), Uids.derive("system-a", "facilityF", "1"));
        assertEquals(4, others.size());
        assertFalse(others.contains(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.31.9", "2.36.11", "2.38.4", "2.40.5"})
    void aRejectedUnitIsAnErrorAndTheRestOfTheBatchIsCommitted(String version) throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version(version).user("admin", "district"))) {
            dhis2.faults().rejectCode("F2");
            TestJob job = hierarchy(system(dhis2), config("ALL"))
                    .add("facility", "F3", "x".repeat(231), "district", "D1", null);
            provider.run(job);
            assertEquals(4, dhis2.store().organisationUnitCount());
            assertNull(job.externalId("facility", "F2"));
            assertNull(job.externalId("facility", "F3"));
            assertNotNull(job.externalId("facility", "F1"));
            List<ObjectError> errors = job.errors(ObjectError.Severity.ERROR);
            ObjectError duplicate = errors.stream().filter(e -> "F2".equals(e.objectCode())).findFirst().orElseThrow();
            assertEquals("E5003", duplicate.code());
            assertTrue(duplicate.submitted().contains("\"code\":\"F2\""), duplicate.submitted());
            assertTrue(duplicate.response().contains("E5003"), duplicate.response());
            ObjectError tooLong = errors.stream().filter(e -> "F3".equals(e.objectCode())).findFirst().orElseThrow();
            assertEquals("E4001", tooLong.code());
            // F3's short name was cut from the same long label, and said so
            assertTrue(job.errors(ObjectError.Severity.WARNING).stream()
                    .anyMatch(w -> "F3".equals(w.objectCode()) && w.code().equals("SHORT_NAME_TRUNCATED")));
        }
    }

    @Test
    void dryRunChangesNothingAndReportsWhatDhis2WouldReject() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            dhis2.faults().rejectCode("P1");
            TestJob job = hierarchy(system(dhis2), config("ALL"));
            job.dryRun = true;
            provider.run(job);
            assertEquals(0, dhis2.store().organisationUnitCount());
            assertEquals(0, job.saves);
            assertEquals("E5003", job.errors(ObjectError.Severity.ERROR).get(0).code());
            // P1 rejected: its districts have no id to point at, nor their facilities
            assertEquals(4, job.errors(ObjectError.Severity.ERROR).stream()
                    .filter(e -> e.code().equals("PARENT_NOT_IN_DHIS2")).count());
        }
    }

    @Test
    void levelsThatOnlyUpdateDoNotCreateAndOrphansAreErrors() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            TestJob job = hierarchy(system(dhis2), config("ORG_UNITS"));
            provider.run(job);
            assertEquals(0, dhis2.store().organisationUnitCount());
            assertEquals(5, job.errors.stream().filter(e -> e.code().equals("NOT_IN_DHIS2")).count());
        }
    }

    @Test
    void geometryIsLeftOutWhenAsked() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            TestJob job = hierarchy(system(dhis2), config("ALL", "includeGeometry", false));
            provider.run(job);
            assertTrue(dhis2.store().organisationUnits().stream().allMatch(u -> u.geometry() == null));
        }
    }

    @Test
    void aCancelledJobStopsBetweenObjects() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            TestJob job = hierarchy(system(dhis2), config("ALL"));
            job.cancelAfterProgress = 1;
            provider.run(job);
            assertEquals(1, dhis2.store().organisationUnitCount());
            assertEquals(1, dhis2.requestCount("/api/metadata"));
        }
    }

    @Test
    void anUpdateKeepsWhatDhis2OwnsAndReadsItInOneRequestPerBatch() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5").user("admin", "district"))) {
            String mapped = "l1VmqIHKk6t";
            String dhis2Only = "n2xYlNbsfko";
            post(dhis2, "{\"attributes\":[" + attribute(mapped, "Population", "INTEGER") + "," + attribute(dhis2Only, "Owner", "TEXT") + "]}");
            Map<String, Object> facilityLevel = Map.of("type", "facility", "syncType", "ALL",
                    "attributes", List.of(Map.of("source", "population", "target", "attribute:" + mapped)));
            Settings config = Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "levels", List.of(
                    Map.of("type", "province"), Map.of("type", "district"), facilityLevel)));
            TestJob job = hierarchy(system(dhis2), config);
            job.put(withPopulation(job, 100L));
            provider.run(job);
            assertEquals(List.of(), job.errors);
            String f1 = job.externalId("facility", "F1");
            assertEquals("100", dhis2.store().organisationUnit(f1).orElseThrow().attributeValue(mapped));

            // a DHIS2 user adds an e-mail, a translation and a value of an attribute the registry does not map
            ObjectNode edited = (ObjectNode)
                    MAPPER.readTree(get(dhis2, "/api/organisationUnits/" + f1 + "?fields=:owner"));
            edited.put("email", "makeni@example.org");
            edited.withArray("translations").addObject().put("property", "NAME").put("locale", "fr").put("value", "Hôpital");
            edited.withArray("attributeValues").addObject().put("value", "MoH").putObject("attribute").put("id", dhis2Only);
            post(dhis2, "{\"organisationUnits\":[" + edited + "]}");

            job.put(withPopulation(job, 200L));
            dhis2.resetCounters();
            provider.run(job);
            assertEquals(List.of(), job.errors);
            OrgUnit unit = dhis2.store().organisationUnit(f1).orElseThrow();
            assertEquals("200", unit.attributeValue(mapped));
            assertEquals("MoH", unit.attributeValue(dhis2Only));
            assertEquals("makeni@example.org", unit.contact().path("email").asText());
            assertEquals("Hôpital", unit.translations().get(0).value());
            assertEquals(3, dhis2.requestCount("/api/organisationUnits"), "one read per level, not one per unit");

            // without geometry in the export, DHIS2's geometry stays
            TestJob noGeometry = hierarchy(system(dhis2), Settings.of(Map.of("hierarchy", TestJob.HIERARCHY,
                    "levels", List.of(Map.of("type", "province"), Map.of("type", "district"), facilityLevel),
                    "includeGeometry", false)));
            noGeometry.externalIds.putAll(job.externalIds);
            noGeometry.put(withPopulation(noGeometry, 300L));
            provider.run(noGeometry);
            assertEquals("Point", dhis2.store().organisationUnit(f1).orElseThrow().geometry().path("type").asText());
            assertEquals("300", dhis2.store().organisationUnit(f1).orElseThrow().attributeValue(mapped));
        }
    }


    @Test
    void unitsJoinTheirLevelsGroupsOnceAndAMissingGroupIsReported() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.38.4").user("admin", "district"))) {
            post(dhis2, "{\"organisationUnitGroups\":[{\"id\":\"CXw2yu5fodb\",\"name\":\"Hospitals\","
                    + "\"shortName\":\"Hospitals\"}]}");
            Settings config = Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "levels", List.of(
                    Map.of("type", "province"), Map.of("type", "district"),
                    Map.of("type", "facility", "orgUnitGroups", List.of("CXw2yu5fodb", "AbCdEfGhIj1")))));
            TestJob job = hierarchy(system(dhis2), config);
            provider.run(job);
            assertEquals(Set.of(job.externalId("facility", "F1"), job.externalId("facility", "F2")),
                    dhis2.store().organisationUnitGroup("CXw2yu5fodb").orElseThrow().members());
            assertEquals(List.of("GROUP_NOT_FOUND"), job.errors.stream().map(ObjectError::code).toList());

            dhis2.resetCounters();
            provider.run(job);
            assertEquals(3, dhis2.requestCount("/api/metadata"), "members already there: the group is not sent again");
        }
    }

    private static GeoObject withPopulation(TestJob job, long population) {
        GeoObject f1 = job.objects.get("facility/F1");
        return new GeoObject(f1.typeCode(), f1.code(), f1.label(), f1.geometry(),
                Map.of("population", population), f1.parents(), f1.validFrom(), f1.validTo(), f1.lastUpdated(), Map.of());
    }

    private static String attribute(String id, String name, String valueType) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"shortName\":\"" + name
                + "\",\"valueType\":\"" + valueType + "\",\"organisationUnitAttribute\":true}";
    }
}
