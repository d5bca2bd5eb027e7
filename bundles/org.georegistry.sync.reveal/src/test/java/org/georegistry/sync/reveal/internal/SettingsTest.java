package org.georegistry.sync.reveal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;
import org.junit.jupiter.api.Test;

/** Bad settings are refused field by field, with messages a user can act on. */
class SettingsTest {

    private final RevealSyncProvider provider = Fixtures.provider();

    private static List<String> fields(List<SettingProblem> problems) {
        return problems.stream().map(SettingProblem::field).toList();
    }

    @Test
    void systemSettings() {
        assertEquals(List.of("url", "api", "auth"), fields(provider.validateSystemSettings(Settings.of(Map.of(
                "url", "reveal.example.org", "api", "DHIS2")))));
        assertEquals(List.of("password"), fields(provider.validateSystemSettings(Settings.of(Map.of(
                "url", "https://reveal.example.org", "api", "opensrp", "auth", "BASIC", "username", "admin")))));
        assertEquals(List.of("tokenUrl", "clientId"), fields(provider.validateSystemSettings(Settings.of(Map.of(
                "url", "https://reveal.example.org", "api", "REVEAL", "auth", "OAUTH2")))));
        assertEquals(List.of(), fields(provider.validateSystemSettings(Settings.of(Map.of(
                "url", "https://reveal.example.org", "api", "REVEAL", "auth", "OAUTH2", "clientId", "georegistry",
                "tokenUrl", "https://keycloak.example.org/auth/realms/reveal/protocol/openid-connect/token")))));
        assertEquals(List.of("url"), fields(provider.validateSystemSettings(Settings.of(Map.of(
                "url", "https://admin:pw@reveal.example.org", "api", "REVEAL", "auth", "BASIC", "username", "a",
                "password", "b")))));
        List<String> secrets = provider.systemSettings().stream().filter(SettingDescriptor::secret)
                .map(SettingDescriptor::name).toList();
        assertEquals(List.of("password", "clientSecret"), secrets);
    }

    @Test
    void configSettingsDependOnTheFlavour() {
        Settings opensrp = Settings.of(Map.of("url", "https://r.example.org", "api", "OPENSRP", "auth", "BASIC",
                "username", "a", "password", "b"));
        Settings revealServer = Settings.of(Map.of("url", "https://r.example.org", "api", "REVEAL", "auth", "BASIC",
                "username", "a", "password", "b"));
        Settings named = Settings.of(Map.of("hierarchy", "ADMIN", "levels", List.of(Map.of("type", "district",
                "geographicLevel", "Health District"))));
        assertEquals(List.of("levels[0].geographicLevel"), fields(provider.validateConfigSettings(opensrp, named)));
        assertEquals(List.of("levels[0].geographicLevel"), fields(provider.validateConfigSettings(revealServer, named)));
        Settings numbered = Settings.of(Map.of("hierarchy", "ADMIN", "levels", "[{\"type\":\"district\",\"geographicLevel\":2}]"));
        assertEquals(List.of(), fields(provider.validateConfigSettings(opensrp, numbered)));
        assertEquals(List.of("levels[1].type", "locale", "batchSize"), fields(provider.validateConfigSettings(
                opensrp, Settings.of(Map.of("levels", List.of(Map.of("type", "a"), Map.of("type", "a")),
                        "locale", "english!", "batchSize", 0)))));
        assertEquals(List.of("levels"), fields(provider.validateConfigSettings(opensrp,
                Settings.of(Map.of("hierarchy", "ADMIN", "levels", "not json")))));
    }

    @Test
    void theHierarchyMayBeTheConfigurationsButARunNeedsOne() {
        assertEquals(List.of(), fields(provider.validateConfigSettings(Settings.empty(), Settings.empty())));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> provider.run(new TestJob(Settings.of(Map.of("url", "https://r.example.org", "api", "REVEAL",
                        "auth", "BASIC", "username", "a", "password", "b")), Settings.empty())));
        assertEquals("Configuration: hierarchy: Choose the hierarchy to export", e.getMessage());
    }

    @Test
    void defaultLevelNamesFollowTheTypeCodes() {
        ExportConfig config = ExportConfig.read(Settings.of(Map.of("hierarchy", "ADMIN")), Flavour.REVEAL,
                new ObjectMapper()).config();
        assertEquals("health-facility", config.geographicLevel("Health_Facility", 3, Flavour.REVEAL));
        assertEquals("3", config.geographicLevel("Health_Facility", 3, Flavour.OPENSRP));
    }
}
