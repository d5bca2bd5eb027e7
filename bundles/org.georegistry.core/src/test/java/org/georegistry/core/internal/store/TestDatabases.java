package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** Real databases for tests: a fresh H2 file, or a fresh schema in the PostgreSQL named by the environment. */
public final class TestDatabases {

    public static final String POSTGRES_URL_VARIABLE = "GEOREGISTRY_TEST_POSTGRES_URL";

    private TestDatabases() {}

    public static Database h2() {
        try {
            Path dir = Files.createTempDirectory("georegistry-test");
            return Database.open("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath(), "sa", "", 8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PostgreSQL database in a schema of its own; the test is skipped, saying why, when none is configured. */
    public static Database postgres() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        assumeTrue(url != null && !url.isBlank(), "PostgreSQL tests skipped: set " + POSTGRES_URL_VARIABLE
                + " to a JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/georegistry_test?user=georegistry&password=georegistry");
        String schema = "gr_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare PostgreSQL schema: " + e.getMessage(), e);
        }
        return Database.open(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + ",public", null, null, 8);
    }
}
