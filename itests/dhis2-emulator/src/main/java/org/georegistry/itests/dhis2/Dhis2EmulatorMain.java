package org.georegistry.itests.dhis2;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

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
        Dhis2Emulator.Config config = new Dhis2Emulator.Config().port(8085);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--login-redirect")) {
                config.redirectToLoginOnBadCredentials(true);
                continue;
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> config.port(Integer.parseInt(value));
                case "--version" -> config.version(value);
                case "--user" -> config.user(before(value), after(value));
                case "--token" -> config.apiToken(before(value), after(value));
                case "--seed" -> config.seed(Path.of(value));
                case "--max-body-bytes" -> config.maxBodyBytes(Long.parseLong(value));
                default -> usage("unknown option " + option);
            }
        }
        Dhis2Emulator emulator = Dhis2Emulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("DHIS2 " + emulator.version() + " emulator listening on " + emulator.baseUrl() + "/api");
        stopped.await();
    }

    private static String before(String pair) {
        int colon = pair.indexOf(':');
        if (colon < 0) {
            usage("expected name:value, got " + pair);
        }
        return pair.substring(0, colon);
    }

    private static String after(String pair) {
        return pair.substring(pair.indexOf(':') + 1);
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: Dhis2EmulatorMain [--port 8085] [--version 2.40.5] [--user admin:district]"
                + " [--token d2pat_...:admin] [--seed metadata.json] [--login-redirect] [--max-body-bytes N]");
        System.exit(2);
    }
}
