package org.georegistry.itests.reveal;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator until killed:
 * {@code java -cp ... org.georegistry.itests.reveal.RevealEmulatorMain --port 8086 --user admin:admin --client reveal:secret}.
 * The first line printed is {@code Reveal emulator listening on <base URL>}.
 */
public final class RevealEmulatorMain {
    private RevealEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RevealEmulator.Config config = new RevealEmulator.Config().port(8086);
        for (int i = 0; i + 1 < args.length || i < args.length && usage("missing value for " + args[i]); i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> config.port(Integer.parseInt(value));
                case "--user" -> config.user(before(value), after(value));
                case "--read-only-user" -> config.readOnlyUser(before(value), after(value));
                case "--client" -> config.client(before(value), after(value));
                case "--realm" -> config.realm(value);
                default -> usage("unknown option " + args[i]);
            }
        }
        RevealEmulator emulator = RevealEmulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        System.out.println("Reveal emulator listening on " + emulator.baseUrl());
        System.out.flush();
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

    private static boolean usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: RevealEmulatorMain [--port 8086] [--user name:password] [--read-only-user name:password]"
                + " [--client id:secret] [--realm reveal]");
        System.exit(2);
        return false;
    }
}
