package org.georegistry.itests.dhis2;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The DHIS2 emulator for integration tests, started in the JVM that drives Pax Exam (where {@code @Configuration}
 * runs), so the forked framework reaches it over HTTP as a server would reach DHIS2. Only this class names the
 * emulator: the test classes that run inside the framework never load it.
 */
public final class EmulatorInDriver {

    private static Dhis2Emulator emulator;

    private EmulatorInDriver() {}

    /** Starts the emulator once per JVM, seeded with {@code dhis2-setup.json}; answers its base URL. */
    public static synchronized String start(String version) {
        if (emulator == null) {
            try {
                Path seed = Path.of(EmulatorInDriver.class.getResource("/dhis2-setup.json").toURI());
                emulator = Dhis2Emulator.start(new Dhis2Emulator.Config().version(version).user("admin", "district")
                        .seed(seed));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        }
        return emulator.baseUrl();
    }
}
