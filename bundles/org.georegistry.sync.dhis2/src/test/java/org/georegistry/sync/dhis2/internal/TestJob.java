package org.georegistry.sync.dhis2.internal;

import org.georegistry.api.sync.Settings;
import org.georegistry.testkit.InMemoryJob;

/** A job over an in-memory registry of one hierarchy, recording what the provider reports. */
final class TestJob extends InMemoryJob<TestJob> {

    static final String SYSTEM = "dhis2-test";

    TestJob(Settings system, Settings config, String... types) {
        super(SYSTEM, system, config, types);
    }
}
