package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.model.Direction;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.model.Organization;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.secrets.SecretBox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External systems and synchronization configurations on every supported database. */
abstract class SyncStoreContract {

    static final String PASSWORD = "district-Secret-42";

    @TempDir
    Path dir;

    Database db;
    ExternalSystemStore systems;
    SyncConfigStore configs;

    abstract Database open();

    @BeforeEach
    void setUp() throws Exception {
        db = open();
        SyncStorage storage = SyncStorage.over(db, SecretBox.open(dir.resolve("secret.key")));
        systems = storage.externalSystems();
        configs = storage.syncConfigs();
        OrganizationStore orgs = new OrganizationStore(db);
        orgs.create(new Organization("moh", LocalizedText.of("Ministry of Health")));
        orgs.create(new Organization("mof", LocalizedText.of("Ministry of Finance")));
        new TypeStore(db).create(new GeoObjectType("facility", "moh", LocalizedText.of("Facility"), GeometryType.POINT, List.of()));
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    static ExternalSystem system(String id, String org) {
        return new ExternalSystem(id, "dhis2", org, LocalizedText.of("DHIS2 " + id), "national",
                Map.of("url", "https://play.dhis2.org", "username", "admin"), Map.of("password", PASSWORD), null, null);
    }

    static SyncConfig config(String system, String org, String cron) {
        return new SyncConfig(0, LocalizedText.of("Facilities"), org, system, Direction.EXPORT, null,
                Map.of("levels", List.of(Map.of("type", "facility"))), cron, null, null, null);
    }

    private String raw(String sql, String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    @Test
    void secretsAreEncryptedAtRestAndDecryptedOnRead() {
        ExternalSystem stored = systems.insert(system("dhis2-a", "moh"));
        String column = raw("SELECT secrets FROM external_system WHERE id = ?", "dhis2-a");
        assertFalse(column.contains(PASSWORD), column);
        assertTrue(column.contains("\"password\":\"v1:"), column);
        assertFalse(raw("SELECT settings FROM external_system WHERE id = ?", "dhis2-a").contains(PASSWORD));

        ExternalSystem read = systems.get("dhis2-a").orElseThrow();
        assertEquals(PASSWORD, read.secrets().get("password"));
        assertEquals("https://play.dhis2.org", read.settings().get("url"));
        assertEquals("DHIS2 dhis2-a", read.label().defaultValue());
        assertEquals(stored.created(), read.created());
        assertFalse(read.toString().contains(PASSWORD));
    }

    @Test
    void duplicatesAreRefusedAndListsAreScopedAndPaged() {
        systems.insert(system("a", "moh"));
        systems.insert(system("b", "moh"));
        systems.insert(system("c", "mof"));
        assertThrows(DuplicateException.class, () -> systems.insert(system("a", "mof")));

        Paged<ExternalSystem> all = systems.list(null, 1, 2);
        assertEquals(3, all.total());
        assertEquals(List.of("a", "b"), all.items().stream().map(ExternalSystem::id).toList());
        assertEquals(List.of("c"), systems.list(null, 2, 2).items().stream().map(ExternalSystem::id).toList());
        Paged<ExternalSystem> moh = systems.list("moh", 1, 50);
        assertEquals(2, moh.total());
        assertTrue(moh.items().stream().allMatch(s -> s.organization().equals("moh")));
    }

    @Test
    void updateReplacesFieldsAndCannotMoveASystemWithConfigurations() {
        systems.insert(system("a", "moh"));
        ExternalSystem changed = new ExternalSystem("a", "dhis2", "moh", LocalizedText.of("Renamed"), null,
                Map.of("url", "https://other.example"), Map.of("password", "new"), null, null);
        ExternalSystem updated = systems.update(changed).orElseThrow();
        assertEquals("Renamed", updated.label().defaultValue());
        assertNull(updated.description());
        assertEquals("new", systems.get("a").orElseThrow().secrets().get("password"));
        assertTrue(systems.update(system("missing", "moh")).isEmpty());

        configs.insert(config("a", "moh", null));
        assertThrows(InUseException.class, () -> systems.update(system("a", "mof")));
        assertEquals("moh", systems.get("a").orElseThrow().organization());
    }

    @Test
    void deleteIsRefusedWhileUsedAndCascadesInOneGo() {
        systems.insert(system("a", "moh"));
        long configId = configs.insert(config("a", "moh", null));
        long objectId = db.tx(c -> GeoObjectStore.insert(c, new GeoObject("facility", "f1", LocalizedText.of("F1"),
                null, Map.of(), List.of(), LocalDate.of(2020, 1, 1), null, null, Map.of()), Instant.now()));
        db.tx(c -> {
            GeoObjectStore.putExternalId(c, objectId, "a", "Abc123");
            return null;
        });
        assertEquals(1, systems.externalIdCount("a"));
        assertEquals(1, systems.configCount("a"));

        InUseException refused = assertThrows(InUseException.class, () -> systems.delete("a", false));
        assertTrue(refused.getMessage().contains("1 external ids"), refused.getMessage());
        assertTrue(systems.get("a").isPresent());

        assertTrue(systems.delete("a", true));
        assertTrue(systems.get("a").isEmpty());
        assertTrue(configs.get(configId).isEmpty());
        assertEquals(0, systems.externalIdCount("a"));
        assertFalse(systems.delete("a", true));

        systems.insert(system("b", "moh"));
        assertTrue(systems.delete("b", false));
    }

    @Test
    void configurationsRoundTripAndScheduledOnesAreListed() {
        systems.insert(system("a", "moh"));
        systems.insert(system("b", "mof"));
        long id = configs.insert(config("a", "moh", "0 2 * * *"));
        configs.insert(config("a", "moh", null));
        configs.insert(config("b", "mof", null));

        SyncConfig read = configs.get(id).orElseThrow();
        assertEquals(Direction.EXPORT, read.direction());
        assertEquals(List.of(Map.of("type", "facility")), read.settings().get("levels"));
        assertEquals("0 2 * * *", read.cron());
        assertNull(read.lastSuccess());

        assertEquals(List.of(id), configs.scheduled().stream().map(SyncConfig::id).toList());
        assertEquals(2, configs.list("moh", null, 1, 50).total());
        assertEquals(1, configs.list(null, "b", 1, 50).total());
        assertEquals(0, configs.list("moh", "b", 1, 50).total());
        assertEquals(1, configs.list(null, null, 2, 2).items().size());

        Instant start = Instant.parse("2026-01-02T03:04:05.123Z");
        configs.markSuccess(id, start);
        SyncConfig changed = new SyncConfig(id, LocalizedText.of("Imports"), "moh", "a", Direction.IMPORT, null,
                Map.of(), null, null, null, null);
        assertTrue(configs.update(changed));
        SyncConfig after = configs.get(id).orElseThrow();
        assertEquals(Direction.IMPORT, after.direction());
        assertEquals(start, after.lastSuccess());
        assertNull(after.cron());
        assertTrue(configs.scheduled().isEmpty());

        assertTrue(configs.delete(id));
        assertFalse(configs.delete(id));
        assertFalse(configs.update(changed));
    }
}
