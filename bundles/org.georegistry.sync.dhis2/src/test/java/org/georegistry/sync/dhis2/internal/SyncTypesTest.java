package org.georegistry.sync.dhis2.internal;

import static org.georegistry.sync.dhis2.internal.Dhis2ExportTest.hierarchy;
import static org.georegistry.sync.dhis2.internal.Dhis2ExportTest.system;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.dhis2.OrgUnit;
import org.junit.jupiter.api.Test;

/** What each level's syncType sends, as issue 5 lists it, against the emulator's DHIS2 2.40 rules. */
class SyncTypesTest {

    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    static Settings levels(String province, String district, String facility, Object... extra) {
        Map<String, Object> values = new java.util.LinkedHashMap<>(Map.of("hierarchy", TestJob.HIERARCHY,
                "levels", List.of(Map.of("type", "province", "syncType", province),
                        Map.of("type", "district", "syncType", district),
                        Map.of("type", "facility", "syncType", facility))));
        for (int i = 0; i < extra.length; i += 2) {
            values.put((String) extra[i], extra[i + 1]);
        }
        return Settings.of(values);
    }

    /** The same object under another parent and label, as the registry hands it out after an edit. */
    static GeoObject moved(GeoObject o, String label, String parentCode) {
        return new GeoObject(o.typeCode(), o.code(), LocalizedText.of(label), o.geometry(), o.attributes(),
                List.of(new ParentLink(TestJob.HIERARCHY, "district", parentCode)), o.validFrom(), o.validTo(),
                o.lastUpdated(), Map.of());
    }

    private static OrgUnit unit(Dhis2Emulator dhis2, TestJob job, String type, String code) {
        return dhis2.store().organisationUnit(job.externalId(type, code)).orElseThrow();
    }

    @Test
    void relationshipLevelsOnlyMoveUnitsAndOrgUnitLevelsKeepTheParentDhis2Has() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            TestJob job = hierarchy(system(dhis2), levels("ALL", "ALL", "ALL"));
            provider.run(job);
            String d1 = job.externalId("district", "D1");
            String d2 = job.externalId("district", "D2");

            // F1 moves to D2 and is renamed: a RELATIONSHIPS level sends the move, not the name
            job.put(moved(job.objects.get("facility/F1"), "Renamed hospital", "D2"));
            job.config = levels("NONE", "NONE", "RELATIONSHIPS");
            provider.run(job);
            assertEquals(List.of(), job.errors);
            OrgUnit f1 = unit(dhis2, job, "facility", "F1");
            assertEquals(d2, f1.parentId());
            assertEquals("/" + job.externalId("province", "P1") + "/" + d2 + "/" + f1.id(), f1.path());
            assertEquals("Makeni Government Hospital", f1.name());
            assertEquals("Point", f1.geometry().path("type").asText(), "what DHIS2 holds is kept");

            // F2 moves to D1 and is renamed: an ORG_UNITS level sends the name, not the move
            job.put(moved(job.objects.get("facility/F2"), "Renamed clinic", "D1"));
            job.config = levels("NONE", "NONE", "ORG_UNITS");
            provider.run(job);
            assertEquals(List.of(), job.errors);
            OrgUnit f2 = unit(dhis2, job, "facility", "F2");
            assertEquals("Renamed clinic", f2.name());
            assertEquals(d2, f2.parentId());

            // ALL sends both
            job.config = levels("ALL", "ALL", "ALL");
            provider.run(job);
            assertEquals(d1, unit(dhis2, job, "facility", "F2").parentId());
            assertEquals("Renamed hospital", unit(dhis2, job, "facility", "F1").name());

            // new objects are created only at ALL levels
            job.add("facility", "F3", "New post", "district", "D1", null);
            job.config = levels("NONE", "NONE", "RELATIONSHIPS");
            job.errors.clear();
            provider.run(job);
            assertEquals(List.of("NOT_IN_DHIS2"), job.errors.stream().map(ObjectError::code).toList());
            assertEquals("facility", job.errors.get(0).typeCode());
            assertEquals(5, dhis2.store().organisationUnitCount());
        }
    }

    @Test
    void anExternalIdDhis2DoesNotHaveIsAnErrorNotACreation() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.38.4"))) {
            TestJob job = hierarchy(system(dhis2), levels("ALL", "ALL", "ALL"));
            provider.run(job);
            job.externalIds.put("facility/F1", "GoneUnit001");
            job.errors.clear();
            provider.run(job);
            assertEquals(List.of("NOT_FOUND_IN_DHIS2"), job.errors.stream().map(ObjectError::code).toList());
            assertTrue(job.errors.get(0).message().contains("GoneUnit001"), job.errors.get(0).message());
            assertEquals(5, dhis2.store().organisationUnitCount());
        }
    }

    @Test
    void moreThanOneParentIsAnErrorAndItsRelationshipIsNotExported() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            TestJob job = hierarchy(system(dhis2), levels("ALL", "ALL", "ALL"));
            provider.run(job);
            GeoObject f1 = job.objects.get("facility/F1");
            List<ParentLink> two = List.of(new ParentLink(TestJob.HIERARCHY, "district", "D1"),
                    new ParentLink(TestJob.HIERARCHY, "district", "D2"));
            job.put(new GeoObject("facility", "F1", LocalizedText.of("Two parents"), null, Map.of(), two,
                    f1.validFrom(), null, f1.lastUpdated(), Map.of()));
            job.put(new GeoObject("facility", "F9", LocalizedText.of("New with two"), null, Map.of(), two,
                    f1.validFrom(), null, f1.lastUpdated(), Map.of()));
            job.errors.clear();
            provider.run(job);
            assertEquals(List.of("MULTIPLE_PARENTS", "MULTIPLE_PARENTS"),
                    job.errors.stream().map(ObjectError::code).toList());
            OrgUnit updated = unit(dhis2, job, "facility", "F1");
            assertEquals("Two parents", updated.name(), "its properties are still exported");
            assertEquals(job.externalId("district", "D1"), updated.parentId(), "its parent is the one DHIS2 had");
            assertNull(job.externalId("facility", "F9"), "a new unit is not created as a root");
        }
    }

    @Test
    void aParentWithoutExternalIdIsAnErrorForTheChild() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            TestJob job = hierarchy(system(dhis2), levels("ALL", "ORG_UNITS", "ALL"));
            provider.run(job);
            assertEquals(List.of("NOT_IN_DHIS2", "NOT_IN_DHIS2", "PARENT_NOT_IN_DHIS2", "PARENT_NOT_IN_DHIS2"),
                    job.errors.stream().map(ObjectError::code).toList());
            assertEquals(1, dhis2.store().organisationUnitCount());
        }
    }

    @Test
    void levelsOutOfTheHierarchysOrderFailTheJobNamingTheLevel() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            Settings config = Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "levels",
                    List.of(Map.of("type", "district"), Map.of("type", "province"))));
            Exception e = assertThrows(IllegalArgumentException.class, () -> provider.run(hierarchy(system(dhis2), config)));
            assertTrue(e.getMessage().startsWith("levels[1].type: province is not a child of district (the level"
                    + " before it) in hierarchy ADMIN, where it is a root type"), e.getMessage());
            assertEquals(0, dhis2.store().organisationUnitCount());
        }
    }

    /** The seeds: each level's type must be a direct child of the previous level's type, not any descendant. */
    @Test
    void aLevelThatSkipsATypeFailsTheJobNamingTheLevel() {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            Settings config = Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "levels",
                    List.of(Map.of("type", "province"), Map.of("type", "facility"))));
            Exception e = assertThrows(IllegalArgumentException.class, () -> provider.run(hierarchy(system(dhis2), config)));
            assertTrue(e.getMessage().startsWith("levels[1].type: facility is not a child of province"), e.getMessage());
            assertTrue(e.getMessage().contains("where its parent is district"), e.getMessage());
            assertEquals(0, dhis2.store().organisationUnitCount());
        }
    }

    @Test
    void objectsNoLongerValidAreCreatedOnlyWithSyncNonExistentAndUnitsDhis2HasGetTheirClosedDate() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            TestJob job = hierarchy(system(dhis2), levels("ALL", "ALL", "ALL"));
            GeoObject f2 = job.objects.get("facility/F2");
            GeoObject closed = new GeoObject("facility", "F2", f2.label(), null, Map.of(), f2.parents(),
                    f2.validFrom(), LocalDate.of(2021, 3, 31), f2.lastUpdated(), Map.of());
            job.put(closed);
            provider.run(job);
            assertEquals(List.of(), job.errors);
            assertNull(job.externalId("facility", "F2"));
            assertEquals(4, dhis2.store().organisationUnitCount());

            job.config = levels("ALL", "ALL", "ALL", "syncNonExistent", true);
            provider.run(job);
            OrgUnit unit = unit(dhis2, job, "facility", "F2");
            assertTrue(unit.closedDate().startsWith("2021-03-31"), unit.closedDate());

            // once DHIS2 has it, the default keeps it up to date
            job.put(new GeoObject("facility", "F2", LocalizedText.of("Closed clinic"), null, Map.of(), f2.parents(),
                    f2.validFrom(), LocalDate.of(2021, 4, 30), f2.lastUpdated(), Map.of()));
            job.config = levels("ALL", "ALL", "ALL");
            provider.run(job);
            unit = unit(dhis2, job, "facility", "F2");
            assertEquals("Closed clinic", unit.name());
            assertTrue(unit.closedDate().startsWith("2021-04-30"), unit.closedDate());
            assertNotNull(unit.parentId());
            assertFalse(job.errors.stream().anyMatch(e -> e.severity() == ObjectError.Severity.ERROR));
        }
    }
}
