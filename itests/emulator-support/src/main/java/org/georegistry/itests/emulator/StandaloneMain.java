package org.georegistry.itests.emulator;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** The command line of an emulator run on its own: options, their {@code name:value} pairs, and running until killed. */
public final class StandaloneMain {
    private final String usage;

    /** @param usage the line printed after a problem with the options */
    public StandaloneMain(String usage) {
        this.usage = usage;
    }

    /**
     * Each option with its value, in order; an option in {@code flags} takes no value (its value is "true"). A missing
     * value ends the program with the usage.
     */
    public List<Map.Entry<String, String>> options(String[] args, Set<String> flags) {
        List<Map.Entry<String, String>> options = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (flags.contains(option)) {
                options.add(new AbstractMap.SimpleImmutableEntry<>(option, "true"));
                continue;
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + option);
            }
            options.add(new AbstractMap.SimpleImmutableEntry<>(option, args[++i]));
        }
        return options;
    }

    /** {@code admin} of {@code admin:district}; a value without a colon ends the program with the usage. */
    public String before(String pair) {
        int colon = pair.indexOf(':');
        if (colon < 0) {
            usage("expected name:value, got " + pair);
        }
        return pair.substring(0, colon);
    }

    /** {@code district} of {@code admin:district}. */
    public String after(String pair) {
        return pair.substring(pair.indexOf(':') + 1);
    }

    /** Prints the problem and the usage, and ends the program with status 2. */
    public void usage(String problem) {
        System.err.println(problem);
        System.err.println(usage);
        System.exit(2);
    }

    /**
     * Prints {@code banner} as the first line of standard output (scripts read the address from it) and waits until
     * the JVM is stopped, closing the emulator then.
     */
    public static void runUntilKilled(AutoCloseable emulator, String banner) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                emulator.close();
            } catch (Exception e) {
                System.err.println("Closing the emulator failed: " + e);
            }
            stopped.countDown();
        }));
        System.out.println(banner);
        System.out.flush();
        stopped.await();
    }
}
