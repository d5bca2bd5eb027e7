package org.georegistry.sync.reveal.internal;

import org.georegistry.api.sync.Settings;
import org.georegistry.testkit.InMemoryJob;

/**
 * An export job over an in-memory registry of one hierarchy, recording what the provider reports. Not final: a test
 * overrides the registry's stream.
 */
class TestJob extends InMemoryJob<TestJob> {

    static final String SYSTEM = "reveal-test";

    TestJob(Settings system, Settings config, String... types) {
        super(SYSTEM, system, config, types);
    }
}
