package org.georegistry.core.internal.rest;

import org.georegistry.core.internal.store.Database;
import org.georegistry.core.internal.store.TestDatabases;

/** The API tests on PostgreSQL + PostGIS; skipped with a message unless GEOREGISTRY_TEST_POSTGRES_URL is set. */
final class PostgresRegistryApiTest extends RegistryApiTest {

    @Override
    Database open() {
        return TestDatabases.postgres();
    }
}
