package org.georegistry.sync.dhis2.internal;

import org.georegistry.api.sync.Settings;
import org.georegistry.testkit.InMemoryJob;

/** A job over an in-memory registry of one hierarchy, recording what the provider reports. */
final class TestJob extends InMemoryJob<TestJob> {

    static final String SYSTEM = "dhis2-test";
    /** When set, storing ids fails as the core does when another object already holds one. */
    volatile RuntimeException refuseIds;
    /** The threads ids were stored from. */
    final java.util.Set<String> idThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();

    TestJob(Settings system, Settings config, String... types) {
        super(SYSTEM, system, config, types);
    }

    @Override
    public synchronized void saveExternalId(String typeCode, String code, String externalId) {
        if (refuseIds != null) {
            throw refuseIds;
        }
        idThreads.add(Thread.currentThread().getName());
        super.saveExternalId(typeCode, code, externalId);
    }
}
