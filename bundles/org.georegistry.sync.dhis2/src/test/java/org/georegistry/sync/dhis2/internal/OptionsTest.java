package org.georegistry.sync.dhis2.internal;

import static org.georegistry.sync.dhis2.internal.Dhis2Metadata.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.junit.jupiter.api.Test;

/** The configuration form's live choices, and the configuration checked against the DHIS2 it is for. */
class OptionsTest {

    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> options, String key) {
        return (List<Map<String, Object>>) options.get(key);
    }

    @Test
    void offersOnlyOrganisationUnitAttributesOfCompatibleTypesWithOptionSetsGroupsLevelsAndLocales() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
            setUp(dhis2);
            dhis2.resetCounters();
            Map<String, Object> options = provider.options(Dhis2ExportTest.system(dhis2), Settings.empty());
            Map<String, Object> byId = list(options, "attributes").stream()
                    .collect(Collectors.toMap(a -> (String) a.get("id"), a -> a.get("registryTypes")));
            // the table: coordinate, organisation unit, file, image, tracker associate, geojson, reference
            // and attributes that do not apply to organisation units are never offered
            assertEquals(Map.of(
                    TEXT, List.of("TEXT", "LOCALIZED_TEXT"), LONG_TEXT, List.of("TEXT", "LOCALIZED_TEXT"),
                    EMAIL, List.of("TEXT", "LOCALIZED_TEXT"), BOOLEAN, List.of("BOOLEAN"),
                    TRUE_ONLY, List.of("BOOLEAN"), DATE, List.of("DATE"), INTEGER_POSITIVE, List.of("INTEGER"),
                    NUMBER, List.of("DECIMAL"), PERCENTAGE, List.of("DECIMAL"), OWNERSHIP, List.of("TERM")), byId);
            Map<String, Object> ownership = list(options, "attributes").stream()
                    .filter(a -> a.get("id").equals(OWNERSHIP)).findFirst().orElseThrow();
            assertEquals(OWNERSHIP_SET, ownership.get("optionSet"));
            assertEquals("attribute:" + OWNERSHIP, ownership.get("target"));
            assertEquals(List.of(Map.of("id", OWNERSHIP_SET, "name", "Ownership", "options", List.of(
                    Map.of("code", "PUB", "name", "Public"), Map.of("code", "PRV", "name", "Private")))),
                    options.get("optionSets"));
            assertEquals(List.of(HOSPITALS, CLINICS, PUBLIC_GROUP),
                    list(options, "orgUnitGroups").stream().map(g -> g.get("id")).toList());
            assertEquals(List.of("Province", "District", "Facility"),
                    list(options, "organisationUnitLevels").stream().map(l -> l.get("name")).toList());
            assertEquals(List.of("en", "fr", "pt", "lo"), options.get("locales"));
            assertEquals("2.40.5", options.get("dhis2Version"));
            assertTrue(list(options, "builtInTargets").contains(Map.of("target", "openingDate",
                    "registryTypes", List.of("DATE"))));
            assertTrue(list(options, "builtInTargets").contains(Map.of("target", "phoneNumber",
                    "registryTypes", List.of("TEXT", "LOCALIZED_TEXT"))));
            assertEquals(6, dhis2.requestCount(), "levels, attributes, the used option sets, groups, locales"
                    + " and the version: " + dhis2.requestCount());
        }
    }

    @Test
    void theConfigurationIsCheckedAgainstTheLiveDhis2() throws Exception {
        try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.38.4"))) {
            setUp(dhis2);
            Map<String, Object> facility = Map.of("type", "facility", "orgUnitGroups", List.of(HOSPITALS, "NoSuchGrp01"),
                    "attributes", List.of(
                            Map.of("source", "population", "target", "attribute:" + INTEGER_POSITIVE),
                            Map.of("source", "entrance", "target", "attribute:" + COORDINATE),
                            Map.of("source", "note", "target", "attribute:" + DATA_ELEMENT_ONLY),
                            Map.of("source", "ownership", "target", "attribute:" + OWNERSHIP, "type", "OPTION_SET",
                                    "terms", Map.of("PUBLIC", "PUB", "NGO", "NGO")),
                            Map.of("source", "kind", "type", "ORG_UNIT_GROUP",
                                    "terms", Map.of("HOSPITAL", HOSPITALS, "POST", "NoSuchGrp02"))));
            Settings config = Settings.of(Map.of("hierarchy", "ADMIN", "levels", List.of(
                    Map.of("type", "country"), Map.of("type", "province"), Map.of("type", "district"), facility)));
            List<String> fields = provider.validateConfigSettings(Dhis2ExportTest.system(dhis2), config).stream()
                    .map(SettingProblem::field).toList();
            assertEquals(List.of("levels", "levels[3].orgUnitGroups[1]", "levels[3].attributes[1].target",
                    "levels[3].attributes[2].target", "levels[3].attributes[3].terms.NGO",
                    "levels[3].attributes[4].terms.POST"), fields);
            Settings termAsValue = Settings.of(Map.of("hierarchy", "ADMIN", "levels", List.of(Map.of("type", "facility",
                    "attributes", List.of(Map.of("source", "ownership", "target", "attribute:" + OWNERSHIP))))));
            List<SettingProblem> problems = provider.validateConfigSettings(Dhis2ExportTest.system(dhis2), termAsValue);
            assertEquals("levels[0].attributes[0].type", problems.get(0).field());
            assertTrue(problems.get(0).message().contains("OPTION_SET"), problems.get(0).message());

            // unreachable: the configuration is saved on its own rules and the run reports the rest
            dhis2.close();
            assertEquals(List.of(), provider.validateConfigSettings(Dhis2ExportTest.system(dhis2),
                    Settings.of(Map.of("hierarchy", "ADMIN", "levels", List.of(facility)))));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> provider.options(Dhis2ExportTest.system(dhis2), Settings.empty()));
            assertTrue(e.getMessage().startsWith("Cannot reach DHIS2 at " + dhis2.baseUrl()), e.getMessage());
        }
    }
}
