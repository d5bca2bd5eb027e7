package org.georegistry.sync.dhis2.internal;

import static org.georegistry.sync.dhis2.internal.Dhis2ExportTest.hierarchy;
import static org.georegistry.sync.dhis2.internal.Dhis2ExportTest.system;
import static org.georegistry.sync.dhis2.internal.Dhis2Metadata.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.dhis2.OrgUnit;
import org.junit.jupiter.api.Test;

/** Term, typed and localized values as DHIS2 receives them (emulator seeded with {@link Dhis2Metadata#SETUP}). */
class TermsAndTranslationsTest {

    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    private static GeoObject facility(TestJob job, String code, LocalizedText label, Map<String, Object> attributes) {
        GeoObject f = job.objects.get("facility/F1");
        return new GeoObject("facility", code, label, null, attributes, f.parents(), f.validFrom(), null,
                f.lastUpdated(), Map.of());
    }

    private static Settings config(Map<String, Object> facilityLevel, Object... extra) {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("hierarchy", TestJob.HIERARCHY, "levels", List.of(
                Map.of("type", "province"), Map.of("type", "district"), facilityLevel)));
        for (int i = 0; i < extra.length; i += 2) {
            values.put((String) extra[i], extra[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void termsBecomeOptionCodesAndGroupsValuesFollowTheirValueTypeAndUnmappedTermsFailTheirObject() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            setUp(dhis2);
            // a unit DHIS2 already had in the hospitals group stays there: membership is only added
            post(dhis2, "{\"organisationUnits\":[{\"id\":\"Existing001\",\"name\":\"Existing\",\"shortName\":"
                    + "\"Existing\",\"openingDate\":\"2000-01-01\"}],\"organisationUnitGroups\":[{\"id\":\"" + HOSPITALS
                    + "\",\"name\":\"Hospitals\",\"shortName\":\"Hospitals\",\"organisationUnits\":[{\"id\":\"Existing001\"}]}]}");
            Map<String, Object> facilityLevel = Map.of("type", "facility", "orgUnitGroups", List.of(PUBLIC_GROUP),
                    "attributes", List.of(
                            Map.of("source", "ownership", "target", "attribute:" + OWNERSHIP, "type", "OPTION_SET",
                                    "terms", Map.of("PUBLIC", "PUB", "PRIVATE", "PRV")),
                            Map.of("source", "kind", "type", "ORG_UNIT_GROUP",
                                    "terms", Map.of("HOSPITAL", HOSPITALS, "CLINIC", CLINICS)),
                            Map.of("source", "power", "target", "attribute:" + BOOLEAN),
                            Map.of("source", "referral", "target", "attribute:" + TRUE_ONLY),
                            Map.of("source", "lastVisit", "target", "attribute:" + DATE),
                            Map.of("source", "population", "target", "attribute:" + INTEGER_POSITIVE),
                            Map.of("source", "area", "target", "attribute:" + NUMBER),
                            Map.of("source", "coverage", "target", "attribute:" + PERCENTAGE),
                            Map.of("source", "notes", "target", "attribute:" + LONG_TEXT)));
            TestJob job = hierarchy(system(dhis2), config(facilityLevel));
            job.objects.remove("facility/F2");
            job.put(facility(job, "F1", LocalizedText.of("Makeni hospital"), Map.of("ownership", "PUBLIC",
                    "kind", "HOSPITAL", "power", true, "referral", false, "lastVisit", LocalDate.of(2024, 5, 1),
                    "population", 1200L, "area", 12.5, "coverage", 80L,
                    "notes", new LocalizedText(Map.of("default", "Notes", "fr", "Remarques")))));
            job.put(facility(job, "F2", LocalizedText.of("NGO clinic"), Map.of("ownership", "NGO")));
            job.put(facility(job, "F3", LocalizedText.of("Health post"), Map.of("kind", "POST")));
            job.put(facility(job, "F4", LocalizedText.of("Bad count"), Map.of("population", "many")));
            provider.run(job);

            Map<String, String> errors = job.errors.stream()
                    .collect(Collectors.toMap(ObjectError::objectCode, ObjectError::code));
            assertEquals(Map.of("F2", "TERM_NOT_MAPPED", "F3", "TERM_NOT_MAPPED", "F4", "TYPE_MISMATCH"), errors);
            assertTrue(job.errors.stream().filter(e -> e.objectCode().equals("F2")).findFirst().orElseThrow()
                    .message().contains("Term NGO of ownership"));
            assertNull(job.externalId("facility", "F2"));
            assertNull(job.externalId("facility", "F3"));
            assertNull(job.externalId("facility", "F4"));
            String f1 = job.externalId("facility", "F1");
            OrgUnit unit = dhis2.store().organisationUnit(f1).orElseThrow();
            assertEquals("PUB", unit.attributeValue(OWNERSHIP));
            assertEquals("true", unit.attributeValue(BOOLEAN));
            assertNull(unit.attributeValue(TRUE_ONLY), "TRUE_ONLY has no false");
            assertEquals("2024-05-01", unit.attributeValue(DATE));
            assertEquals("1200", unit.attributeValue(INTEGER_POSITIVE));
            assertEquals("12.5", unit.attributeValue(NUMBER));
            assertEquals("80", unit.attributeValue(PERCENTAGE));
            assertEquals("Notes", unit.attributeValue(LONG_TEXT));
            assertEquals(Set.of("Existing001", f1), dhis2.store().organisationUnitGroup(HOSPITALS).orElseThrow().members());
            assertEquals(Set.of(f1), dhis2.store().organisationUnitGroup(PUBLIC_GROUP).orElseThrow().members());

            // the term changes: the unit joins the new group and stays in the old one
            job.put(facility(job, "F1", LocalizedText.of("Makeni hospital"), Map.of("ownership", "PRIVATE",
                    "kind", "CLINIC")));
            job.objects.keySet().removeIf(k -> !k.equals("facility/F1") && k.startsWith("facility/"));
            job.errors.clear();
            provider.run(job);
            assertEquals(List.of(), job.errors);
            unit = dhis2.store().organisationUnit(f1).orElseThrow();
            assertEquals("PRV", unit.attributeValue(OWNERSHIP));
            assertNull(unit.attributeValue(BOOLEAN), "a mapped value the object no longer has is cleared");
            assertEquals(Set.of(f1), dhis2.store().organisationUnitGroup(CLINICS).orElseThrow().members());
            assertEquals(Set.of("Existing001", f1), dhis2.store().organisationUnitGroup(HOSPITALS).orElseThrow().members());
        }
    }

    @Test
    void namesShortNamesAndDescriptionsAreTranslatedIntoTheLocalesDhis2Has() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.38.4"))) {
            // fixtures/dhis2/responses/locales-dbLocales.json shape: the emulator has en, fr, pt and lo
            LocalizedText label = new LocalizedText(Map.of("default", "Makeni", "en", "Makeni EN", "fr", "Makéni",
                    "de", "Makeni DE", "pt_BR", "Makeni BR"));
            Map<String, Object> facilityLevel = Map.of("type", "facility", "attributes",
                    List.of(Map.of("source", "notes", "target", "description")));
            TestJob job = hierarchy(system(dhis2), config(facilityLevel, "preferredLocale", "fr"));
            job.put(facility(job, "F1", label, Map.of("notes",
                    new LocalizedText(Map.of("en", "Regional referral", "fr", "Référence régionale")))));
            provider.run(job);
            assertEquals(List.of(), job.errors);
            OrgUnit unit = dhis2.store().organisationUnit(job.externalId("facility", "F1")).orElseThrow();
            assertEquals("Makéni", unit.name());
            assertEquals("Référence régionale", unit.description());
            Set<String> translations = unit.translations().stream()
                    .map(t -> t.property() + "/" + t.locale() + "=" + t.value()).collect(Collectors.toSet());
            assertEquals(Set.of("NAME/en=Makeni EN", "NAME/fr=Makéni", "NAME/pt=Makeni BR",
                    "SHORT_NAME/en=Makeni EN", "SHORT_NAME/fr=Makéni", "SHORT_NAME/pt=Makeni BR",
                    "DESCRIPTION/en=Regional referral", "DESCRIPTION/fr=Référence régionale"), translations);
        }
    }
}
