package org.georegistry.itests.dhis2;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.georegistry.itests.emulator.StandaloneMain;

/**
 * Runs the emulator until killed:
 * {@code java -cp ... org.georegistry.itests.dhis2.Dhis2EmulatorMain --port 8085 --version 2.40.5 --user admin:district}
 * Options: --port N, --version V, --user name:password (repeatable), --token d2pat_...:name (repeatable),
 * --seed metadata.json (repeatable), --login-redirect, --max-body-bytes N.
 */
public final class Dhis2EmulatorMain {
    private Dhis2EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StandaloneMain cli = new StandaloneMain("usage: Dhis2EmulatorMain [--port 8085] [--version 2.40.5]"
                + " [--user admin:district] [--token d2pat_...:admin] [--seed metadata.json] [--login-redirect]"
                + " [--max-body-bytes N]");
        Dhis2Emulator.Config config = new Dhis2Emulator.Config().port(8085);
        for (Map.Entry<String, String> option : cli.options(args, Set.of("--login-redirect"))) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "--login-redirect" -> config.redirectToLoginOnBadCredentials(true);
                case "--port" -> config.port(Integer.parseInt(value));
                case "--version" -> config.version(value);
                case "--user" -> config.user(cli.before(value), cli.after(value));
                case "--token" -> config.apiToken(cli.before(value), cli.after(value));
                case "--seed" -> config.seed(Path.of(value));
                case "--max-body-bytes" -> config.maxBodyBytes(Long.parseLong(value));
                default -> cli.usage("unknown option " + option.getKey());
            }
        }
        Dhis2Emulator emulator = Dhis2Emulator.start(config);
        StandaloneMain.runUntilKilled(emulator,
                "DHIS2 " + emulator.version() + " emulator listening on " + emulator.baseUrl() + "/api");
    }
}
