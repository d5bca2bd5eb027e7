package org.georegistry.core.internal.rest;

import static org.georegistry.core.internal.rest.SyncFixture.PASSWORD;
import static org.georegistry.core.internal.rest.SyncFixture.RA_MOF;
import static org.georegistry.core.internal.rest.SyncFixture.RA_MOH;
import static org.georegistry.core.internal.rest.SyncFixture.RC_MOH;
import static org.georegistry.core.internal.rest.SyncFixture.SRA;
import static org.georegistry.core.internal.rest.SyncFixture.config;
import static org.georegistry.core.internal.rest.SyncFixture.refused;
import static org.georegistry.core.internal.rest.SyncFixture.settings;
import static org.georegistry.core.internal.rest.SyncFixture.systemInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.core.internal.providers.TestProviders;
import org.georegistry.core.internal.rest.ExternalSystemsResource.ExternalSystemInput;
import org.georegistry.core.internal.rest.ExternalSystemsResource.ExternalSystemView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSystemsResourceTest {

    @TempDir
    Path dir;

    SyncFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new SyncFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private String rawSecrets(String id) {
        return f.db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT secrets FROM external_system WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    void secretsAreWriteOnlyAndEncryptedAtRest() throws Exception {
        ExternalSystemView created = f.createSystem("dhis2-a", "moh");
        String json = Json.MAPPER.writeValueAsString(created);
        assertFalse(json.contains(PASSWORD), json);
        assertTrue(json.contains("\"secrets\":{\"password\":{\"set\":true},\"token\":{\"set\":false}}"), json);
        assertTrue(json.contains("\"providerAvailable\":true"), json);
        assertEquals(Map.of("url", "https://dhis2-a.example.org", "username", "admin"), created.settings());
        assertFalse(rawSecrets("dhis2-a").contains(PASSWORD));
        assertFalse(Json.MAPPER.writeValueAsString(f.systems.get(RA_MOH, "dhis2-a")).contains(PASSWORD));
        assertFalse(Json.MAPPER.writeValueAsString(f.systems.list(SRA, 1, 50)).contains(PASSWORD));
    }

    @Test
    void anUpdateWithoutASecretKeepsIt() throws Exception {
        f.createSystem("dhis2-a", "moh");
        Map<String, Object> withoutPassword = Map.of("url", "https://new.example.org", "username", "admin", "password", "");
        ExternalSystemView updated = f.systems.update(RA_MOH, "dhis2-a", new ExternalSystemInput(null, null, null,
                LocalizedText.of("Renamed"), "notes", withoutPassword));
        assertEquals("https://new.example.org", updated.settings().get("url"));
        assertTrue(updated.secrets().get("password").set());
        assertEquals(PASSWORD, f.sync.externalSystems().get("dhis2-a").orElseThrow().secrets().get("password"));
        assertTrue(f.systems.test(RA_MOH, "dhis2-a").supported(), "the kept password reaches the provider");

        f.systems.update(RA_MOH, "dhis2-a", systemInput("dhis2-a", "moh", Map.of("url", "https://new.example.org",
                "username", "admin", "password", "changed", "token", "t0k")));
        assertEquals(Map.of("password", "changed", "token", "t0k"),
                f.sync.externalSystems().get("dhis2-a").orElseThrow().secrets());
    }

    @Test
    void anUnknownTypeNamesTheInstalledOnes() {
        Problem e = refused(400, "type", () -> f.systems.create(SRA, new ExternalSystemInput("x", "dhis9", "moh",
                LocalizedText.of("X"), null, settings("https://x.example.org"))));
        assertTrue(e.errors().get(0).message().contains("'dhis9'"), e.detail());
        assertTrue(e.errors().get(0).message().contains("[test]"), e.detail());
    }

    @Test
    void badInputNamesEveryFieldAndStoresNothing() {
        Problem e = refused(400, "settings.url", () -> f.systems.create(SRA, new ExternalSystemInput("bad id!",
                "test", "moh", null, null, Map.of("url", "ftp://x", "surprise", 1))));
        List<String> fields = e.errors().stream().map(Problem.FieldError::field).toList();
        assertTrue(fields.containsAll(List.of("id", "label", "settings.url", "settings.username", "settings.password",
                "settings.surprise")), fields.toString());
        refused(400, "organization", () -> f.systems.create(SRA, systemInput("x", null, settings("https://x.org"))));
        refused(400, "organization", () -> f.systems.create(SRA, systemInput("x", "nowhere", settings("https://x.org"))));
        assertEquals(0, f.systems.list(SRA, 1, 50).total());
        refused(400, "pageSize", () -> f.systems.list(SRA, 1, 0));
    }

    @Test
    void registryAdministratorsManageTheirOrganizationOnly() {
        ExternalSystemView own = (ExternalSystemView) f.systems.create(RA_MOH,
                systemInput("mine", null, settings("https://mine.org"))).getEntity();
        assertEquals("moh", own.organization());
        refused(403, "organization", () -> f.systems.create(RA_MOH, systemInput("theirs", "mof", settings("https://t.org"))));
        refused(403, null, () -> f.systems.create(RC_MOH, systemInput("rc", null, settings("https://rc.org"))));
        refused(403, "organization", () -> f.systems.update(RA_MOH, "mine", systemInput("mine", "mof", settings("https://m.org"))));
        refused(400, "type", () -> f.systems.update(RA_MOH, "mine", new ExternalSystemInput("mine", "fhir", "moh",
                LocalizedText.of("M"), null, settings("https://m.org"))));

        refused(404, null, () -> f.systems.get(RA_MOF, "mine"));
        refused(404, null, () -> f.systems.delete(RA_MOF, "mine", false));
        assertEquals(0, f.systems.list(RA_MOF, 1, 50).total());
        assertEquals(1, f.systems.list(RC_MOH, 1, 50).total());

        ExternalSystemView moved = f.systems.update(SRA, "mine", systemInput("mine", "mof", settings("https://m.org")));
        assertEquals("mof", moved.organization());
        assertEquals(1, f.systems.list(RA_MOF, 1, 50).total());
    }

    @Test
    void deletingAUsedSystemNeedsCascadeByASystemAdministrator() {
        f.createSystem("a", "moh");
        f.configs.create(RA_MOH, config("a").build());
        refused(409, null, () -> f.systems.delete(RA_MOH, "a", false));
        refused(403, null, () -> f.systems.delete(RA_MOH, "a", true));
        long configId = f.configs.list(SRA, null, 1, 50).items().get(0).id();
        f.runs.busy.add(configId);
        refused(409, null, () -> f.systems.delete(SRA, "a", true));
        f.runs.busy.clear();
        assertEquals(204, f.systems.delete(SRA, "a", true).getStatus());
        assertEquals(0, f.configs.list(SRA, null, 1, 50).total());
        refused(404, null, () -> f.systems.get(SRA, "a"));

        f.createSystem("b", "moh");
        assertEquals(204, f.systems.delete(RA_MOH, "b", false).getStatus());
    }

    @Test
    void connectionTestsNeverThrowAndAMissingProviderIsShownNotLost() {
        f.createSystem("ok", "moh");
        f.createSystem("boom", "moh");
        ConnectionTestResult good = f.systems.test(RA_MOH, "ok");
        assertTrue(good.ok() && good.supported());
        assertEquals("2.40", good.version());
        ConnectionTestResult bad = f.systems.test(RA_MOH, "boom");
        assertFalse(bad.ok());
        assertTrue(bad.messages().get(0).contains("connection reset"), bad.messages().toString());

        TestProviders.remove(f.providers, f.providerRef);
        ExternalSystemView orphan = f.systems.get(RA_MOH, "ok");
        assertFalse(orphan.providerAvailable());
        assertTrue(orphan.secrets().get("password").set());
        refused(409, null, () -> f.systems.test(RA_MOH, "ok"));

        TestProviders.add(f.providers, new SyncFixture.TestProvider());
        assertTrue(f.systems.get(RA_MOH, "ok").providerAvailable());
        assertTrue(f.systems.test(RA_MOH, "ok").ok());
    }

    @Test
    void optionsForANewConfigurationComeFromTheLiveSystemWithItsSecrets() {
        f.createSystem("a", "moh");
        Map<String, Object> options = f.systems.options(RA_MOH, "a");
        assertEquals(List.of("population"), options.get("attributes"));
        assertEquals("admin", options.get("user"), "the provider was given the stored settings");
        refused(403, null, () -> f.systems.options(RC_MOH, "a"));
        refused(404, null, () -> f.systems.options(RA_MOF, "a"));

        f.systems.update(SRA, "a", systemInput("a", "moh", settings("https://down.example.org")));
        Problem down = refused(502, null, () -> f.systems.options(RA_MOH, "a"));
        assertTrue(down.detail().contains("HTTP 503"), down.detail());
    }
}
