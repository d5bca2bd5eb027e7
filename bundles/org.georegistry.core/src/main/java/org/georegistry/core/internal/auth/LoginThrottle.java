package org.georegistry.core.internal.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed logins per user and client address: after {@code maxFailures} failures within a window, that user
 * is refused from that address, whatever the password, until the window has passed since the last failure. A
 * success clears the count. Bounded: past {@value #MAX_KEYS} keys, expired ones are dropped.
 */
public final class LoginThrottle {

    static final int MAX_KEYS = 10_000;

    private static final class Window {
        long start;
        int failures;
        long blockedUntil;
    }

    private final int maxFailures;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, long windowMillis, LongSupplier clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    /** No limit: for tests and embedded use. */
    public static LoginThrottle none() {
        return new LoginThrottle(0, 0, System::currentTimeMillis);
    }

    private boolean enabled() {
        return maxFailures > 0 && windowMillis > 0;
    }

    /** Milliseconds this key must still wait, 0 when it may try. */
    public long blockedFor(String key) {
        if (!enabled()) {
            return 0;
        }
        Window w = windows.get(key);
        if (w == null) {
            return 0;
        }
        synchronized (w) {
            return Math.max(0, w.blockedUntil - clock.getAsLong());
        }
    }

    public void failed(String key) {
        if (!enabled()) {
            return;
        }
        long now = clock.getAsLong();
        if (windows.size() > MAX_KEYS) {
            windows.values().removeIf(w -> now - w.start > windowMillis && w.blockedUntil < now);
        }
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (now - w.start > windowMillis) {
                w.start = now;
                w.failures = 0;
            }
            w.failures++;
            if (w.failures >= maxFailures) {
                w.blockedUntil = now + windowMillis;
            }
        }
    }

    public void succeeded(String key) {
        if (enabled()) {
            windows.remove(key);
        }
    }
}
