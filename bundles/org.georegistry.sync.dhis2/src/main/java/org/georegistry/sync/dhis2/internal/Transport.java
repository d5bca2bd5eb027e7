package org.georegistry.sync.dhis2.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;

/**
 * How patiently the provider talks to one DHIS2: connect and read timeouts and how often a transient failure (no
 * connection, a timeout, a 5xx from DHIS2 or the proxy before it) is retried, waiting {@code firstDelay}, then twice
 * as long each time, at most {@link #MAX_DELAY}. Taken from the external system's settings, with defaults that suit
 * a DHIS2 under load: imports of 1,000 units can take tens of seconds.
 */
record Transport(Duration connectTimeout, Duration readTimeout, int retries, Duration firstDelay) {

    static final String CONNECT_TIMEOUT = "connectTimeoutSeconds";
    static final String READ_TIMEOUT = "readTimeoutSeconds";
    static final String RETRIES = "retries";
    static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ = Duration.ofSeconds(120);
    static final int DEFAULT_RETRIES = 4;
    static final Duration DEFAULT_FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);

    /** The system's settings, or the defaults; {@code firstDelay} is not a setting (tests shorten it). */
    static Transport of(Settings system, Duration firstDelay) {
        return new Transport(Duration.ofSeconds(system.number(CONNECT_TIMEOUT, DEFAULT_CONNECT.toSeconds())),
                Duration.ofSeconds(system.number(READ_TIMEOUT, DEFAULT_READ.toSeconds())),
                (int) system.number(RETRIES, DEFAULT_RETRIES), firstDelay);
    }

    /** A single attempt with at most these timeouts: a connection test or a form should answer quickly. */
    Transport once(Duration maxConnect, Duration maxRead) {
        return new Transport(min(connectTimeout, maxConnect), min(readTimeout, maxRead), 0, firstDelay);
    }

    /** The wait before retry {@code n} (1 for the first). */
    Duration delay(int n) {
        Duration d = firstDelay.multipliedBy(1L << Math.min(20, n - 1));
        return min(d, MAX_DELAY);
    }

    static List<SettingProblem> problems(Settings system) {
        List<SettingProblem> problems = new ArrayList<>();
        range(system, CONNECT_TIMEOUT, 1, 300, problems);
        range(system, READ_TIMEOUT, 1, 3600, problems);
        range(system, RETRIES, 0, 10, problems);
        return problems;
    }

    private static void range(Settings system, String name, long min, long max, List<SettingProblem> problems) {
        if (system.has(name)) {
            long value = system.number(name, Long.MIN_VALUE);
            if (value < min || value > max) {
                problems.add(new SettingProblem(name, "Give a whole number from " + min + " to " + max));
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
