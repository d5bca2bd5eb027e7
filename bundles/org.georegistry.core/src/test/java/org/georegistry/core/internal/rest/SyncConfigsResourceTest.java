package org.georegistry.core.internal.rest;

import static org.georegistry.core.internal.rest.SyncFixture.RA_MOF;
import static org.georegistry.core.internal.rest.SyncFixture.RA_MOH;
import static org.georegistry.core.internal.rest.SyncFixture.RC_MOH;
import static org.georegistry.core.internal.rest.SyncFixture.SRA;
import static org.georegistry.core.internal.rest.SyncFixture.config;
import static org.georegistry.core.internal.rest.SyncFixture.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.georegistry.core.internal.model.Direction;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.providers.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncConfigsResourceTest {

    @TempDir
    Path dir;

    SyncFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new SyncFixture(dir);
        f.createSystem("a", "moh");
        f.createSystem("f", "mof");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private SyncConfig create(SyncFixture.ConfigInputBuilder in) {
        return (SyncConfig) f.configs.create(RA_MOH, in.build()).getEntity();
    }

    @Test
    void aValidConfigurationIsStoredInTheSystemsOrganization() {
        SyncConfig created = create(config("a").set(c -> {
            c.hierarchy = "moh-admin";
            c.cron = " 0 2 * * 1-5 ";
        }));
        assertEquals("moh", created.organization());
        assertEquals("0 2 * * 1-5", created.cron());
        assertEquals(created, f.configs.get(RC_MOH, created.id()));
        assertEquals(1, f.configs.list(RA_MOH, "a", 1, 50).total());
        assertEquals(0, f.configs.list(RA_MOH, "f", 1, 50).total());
        assertEquals(0, f.configs.list(RA_MOF, null, 1, 50).total());
        refused(404, null, () -> f.configs.get(RA_MOF, created.id()));

        SyncConfig updated = f.configs.update(RA_MOH, created.id(), config("a").set(c -> c.cron = null).build());
        assertNull(updated.cron());
        assertEquals(created.created(), updated.created());
    }

    @Test
    void badInputIsRefusedWithTheFieldPathAndNothingIsSaved() {
        refused(400, "settings.levels[1].type", () -> create(config("a").set(c ->
                c.settings = Map.of("levels", List.of(Map.of("type", "moh-district"), Map.of("name", "x"))))));
        refused(400, "settings.levels", () -> create(config("a").set(c -> c.settings = Map.of())));
        refused(400, "cron", () -> create(config("a").set(c -> c.cron = "every day")));
        refused(400, "cron", () -> create(config("a").set(c -> c.cron = "0 0 2 * * ?")));
        refused(400, "hierarchy", () -> create(config("a").set(c -> c.hierarchy = "mof-admin")));
        refused(400, "hierarchy", () -> create(config("a").set(c -> c.hierarchy = "nowhere")));
        refused(400, "direction", () -> create(config("a").set(c -> c.direction = Direction.IMPORT)));
        refused(400, "direction", () -> create(config("a").set(c -> c.direction = null)));
        refused(400, "organization", () -> create(config("a").set(c -> c.organization = "mof")));
        refused(400, "externalSystem", () -> create(config("f")));
        refused(400, "externalSystem", () -> create(config(null)));
        refused(403, null, () -> f.configs.create(RC_MOH, config("a").build()));
        assertEquals(0, f.configs.list(SRA, null, 1, 50).total());
    }

    @Test
    void optionsComeFromTheProviderAndAnUnreadableSystemIs502() {
        long id = create(config("a")).id();
        Map<String, Object> options = f.configs.options(RA_MOH, id);
        assertEquals(List.of("population"), options.get("attributes"));

        f.systems.update(SRA, "a", SyncFixture.systemInput("a", "moh", SyncFixture.settings("https://down.example.org")));
        Problem e = refused(502, null, () -> f.configs.options(RA_MOH, id));
        assertTrue(e.detail().startsWith("The external system could not be read: HTTP 503"), e.detail());

        TestProviders.remove(f.providers, f.providerRef);
        refused(409, null, () -> f.configs.options(RA_MOH, id));
        assertEquals(id, f.configs.get(RA_MOH, id).id(), "still readable without its provider");
    }

    @Test
    void runAndHistoryAreHandedToTheJobEngineAfterTheChecks() {
        long id = create(config("a")).id();
        assertEquals(202, f.configs.run(RA_MOH, id, true, false).getStatus());
        assertEquals(List.of(id + " by user-ra dry"), f.runs.runs);
        refused(403, null, () -> f.configs.run(RC_MOH, id, false, false));
        refused(404, null, () -> f.configs.run(RA_MOF, id, false, false));
        assertEquals(Map.of("items", List.of(), "page", 2, "pageSize", 10, "total", 0), f.configs.jobs(RC_MOH, id, 2, 10));

        f.runs.busy.add(id);
        refused(409, null, () -> f.configs.delete(RA_MOH, id));
        f.runs.busy.clear();
        f.configs.runs = null; // the job engine went away
        refused(503, null, () -> f.configs.run(RA_MOH, id, false, false));
        assertEquals(204, f.configs.delete(RA_MOH, id).getStatus());
        refused(404, null, () -> f.configs.get(RA_MOH, id));
    }
}
