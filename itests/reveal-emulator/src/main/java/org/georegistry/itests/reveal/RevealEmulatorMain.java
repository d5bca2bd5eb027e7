package org.georegistry.itests.reveal;

import java.util.Map;
import java.util.Set;
import org.georegistry.itests.emulator.StandaloneMain;

/**
 * Runs the emulator until killed:
 * {@code java -cp ... org.georegistry.itests.reveal.RevealEmulatorMain --port 8086 --user admin:admin --client reveal:secret}.
 * The first line printed is {@code Reveal emulator listening on <base URL>}.
 */
public final class RevealEmulatorMain {
    private RevealEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        StandaloneMain cli = new StandaloneMain("usage: RevealEmulatorMain [--port 8086] [--user name:password]"
                + " [--read-only-user name:password] [--client id:secret] [--realm reveal]");
        RevealEmulator.Config config = new RevealEmulator.Config().port(8086);
        for (Map.Entry<String, String> option : cli.options(args, Set.of())) {
            String value = option.getValue();
            switch (option.getKey()) {
                case "--port" -> config.port(Integer.parseInt(value));
                case "--user" -> config.user(cli.before(value), cli.after(value));
                case "--read-only-user" -> config.readOnlyUser(cli.before(value), cli.after(value));
                case "--client" -> config.client(cli.before(value), cli.after(value));
                case "--realm" -> config.realm(value);
                default -> cli.usage("unknown option " + option.getKey());
            }
        }
        RevealEmulator emulator = RevealEmulator.start(config);
        StandaloneMain.runUntilKilled(emulator, "Reveal emulator listening on " + emulator.baseUrl());
    }
}
