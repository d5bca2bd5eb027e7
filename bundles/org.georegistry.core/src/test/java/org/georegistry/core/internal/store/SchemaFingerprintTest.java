package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFingerprintTest {

    @TempDir
    Path dir;

    private ClassLoader changelogs(String root, String included) throws IOException {
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("db/root.xml"), root);
        Files.writeString(dir.resolve("db/more.xml"), included);
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void changesWhenAnIncludedChangelogChanges() throws Exception {
        String root = "<databaseChangeLog><include file=\"db/more.xml\"/></databaseChangeLog>";
        String a = SchemaFingerprint.of(changelogs(root, "<changeSet id=\"1\"/>"), "db/root.xml");
        String same = SchemaFingerprint.of(changelogs(root, "<changeSet id=\"1\"/>"), "db/root.xml");
        String b = SchemaFingerprint.of(changelogs(root, "<changeSet id=\"1\"/><changeSet id=\"2\"/>"), "db/root.xml");
        assertEquals(a, same);
        assertNotEquals(a, b);
    }

    @Test
    void isStoredAndReadBackAndAbsentOnANewDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:fingerprint")) {
            assertNull(SchemaFingerprint.stored(c));
            SchemaFingerprint.store(c, "a".repeat(64));
            SchemaFingerprint.store(c, "b".repeat(64));
            assertEquals("b".repeat(64), SchemaFingerprint.stored(c));
        }
    }

    @Test
    void theRealSchemaIsMigratedOnceThenSkipped() {
        Path db = dir.resolve("reg");
        String url = "jdbc:h2:file:" + db.toAbsolutePath();
        try (Database first = Database.open(url, "sa", "", 2)) {
            first.read(c -> {
                assertEquals(SchemaFingerprint.of(Database.class.getClassLoader(), Database.CHANGELOG),
                        SchemaFingerprint.stored(c));
                return null;
            });
        }
        try (Database again = Database.open(url, "sa", "", 2)) {
            assertEquals(Boolean.TRUE, again.read(c -> c.getMetaData().getTables(null, null, "GEO_OBJECT", null).next()));
        }
    }
}
