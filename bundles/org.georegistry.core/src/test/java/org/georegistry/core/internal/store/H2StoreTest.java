package org.georegistry.core.internal.store;

/** The storage contract on embedded H2, the default database. */
final class H2StoreTest extends StoreContract {

    @Override
    Database open() {
        return TestDatabases.h2();
    }
}
