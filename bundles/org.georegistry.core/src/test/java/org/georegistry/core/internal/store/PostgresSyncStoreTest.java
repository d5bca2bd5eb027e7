package org.georegistry.core.internal.store;

/** External systems and configurations on PostgreSQL; skipped unless GEOREGISTRY_TEST_POSTGRES_URL is set. */
final class PostgresSyncStoreTest extends SyncStoreContract {

    @Override
    Database open() {
        return TestDatabases.postgres();
    }
}
