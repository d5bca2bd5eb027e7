package org.georegistry.core.internal.store;

/** External systems and configurations on embedded H2. */
final class H2SyncStoreTest extends SyncStoreContract {

    @Override
    Database open() {
        return TestDatabases.h2();
    }
}
