package org.georegistry.itests.dhis2;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh emulator of {@link #config()} and an admin client for each test. */
abstract class EmulatorTest {
    protected Dhis2Emulator dhis2;
    protected TestApi api;

    protected Dhis2Emulator.Config config() {
        return new Dhis2Emulator.Config().version("2.40.5");
    }

    @BeforeEach
    final void startEmulator() {
        dhis2 = Dhis2Emulator.start(config());
        api = TestApi.admin(dhis2);
    }

    @AfterEach
    final void stopEmulator() {
        dhis2.close();
    }
}
