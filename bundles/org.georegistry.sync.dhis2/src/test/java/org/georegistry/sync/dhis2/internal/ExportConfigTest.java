package org.georegistry.sync.dhis2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;
import org.junit.jupiter.api.Test;

class ExportConfigTest {

    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    private List<String> fields(Map<String, Object> config) {
        return provider.validateConfigSettings(Settings.empty(), Settings.of(config)).stream()
                .map(SettingProblem::field).toList();
    }

    @Test
    void problemsNameTheirFieldPath() {
        assertEquals(List.of("hierarchy", "levels"), fields(Map.of()));
        assertEquals(List.of("levels[1].syncType", "levels[1].orgUnitGroups[0]", "levels[1].attributes[0].target",
                "levels[1].attributes[1].source", "levels[1].attributes[2].target"), fields(Map.of("hierarchy", "ADMIN",
                "levels", List.of(
                        Map.of("type", "province", "syncType", "ALL"),
                        Map.of("type", "district", "syncType", "EVERYTHING", "orgUnitGroups", List.of("bad"),
                                "attributes", List.of(Map.of("source", "population", "target", "population"),
                                        Map.of("source", "", "target", "attribute:l1VmqIHKk6t"),
                                        Map.of("source", "code", "target", "attribute:l1VmqIHKk6t")))))));
        assertEquals(List.of("levels[1].type"), fields(Map.of("hierarchy", "ADMIN", "levels",
                List.of(Map.of("type", "province"), Map.of("type", "province")))));
        assertEquals(List.of("preferredLocale", "includeGeometry"), fields(Map.of("hierarchy", "ADMIN",
                "levels", List.of(Map.of("type", "province")), "preferredLocale", "english!", "includeGeometry", "maybe")));
    }

    @Test
    void aValidConfigurationReadsFromJsonValuesOrText() {
        String json = "[{\"type\":\"district\",\"syncType\":\"ORG_UNITS\",\"orgUnitGroups\":[\"CXw2yu5fodb\"],"
                + "\"attributes\":[{\"source\":\"population\",\"target\":\"attribute:l1VmqIHKk6t\"}]}]";
        ExportConfig.Read read = ExportConfig.read(Settings.of(Map.of("hierarchy", "ADMIN", "levels", json,
                "preferredLocale", "pt_BR")), new com.fasterxml.jackson.databind.ObjectMapper());
        assertEquals(List.of(), read.problems());
        ExportConfig.Level level = read.config().level("district");
        assertEquals(ExportConfig.SyncType.ORG_UNITS, level.syncType());
        assertEquals(List.of("CXw2yu5fodb"), level.orgUnitGroups());
        assertEquals("attribute:l1VmqIHKk6t", level.attributes().get(0).target());
        assertTrue(read.config().includeGeometry());
        assertFalse(ExportConfig.read(Settings.of(Map.of("hierarchy", "ADMIN", "levels", json, "includeGeometry", false)),
                new com.fasterxml.jackson.databind.ObjectMapper()).config().includeGeometry());
    }
}
