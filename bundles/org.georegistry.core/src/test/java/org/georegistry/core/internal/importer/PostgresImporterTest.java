package org.georegistry.core.internal.importer;

import org.georegistry.core.internal.store.Database;
import org.georegistry.core.internal.store.TestDatabases;

/** The import tests on PostgreSQL + PostGIS; skipped with a message unless GEOREGISTRY_TEST_POSTGRES_URL is set. */
final class PostgresImporterTest extends ImporterTest {

    @Override
    Database open() {
        return TestDatabases.postgres();
    }
}
