package org.georegistry.sync.reveal.internal;

import java.time.Duration;

/**
 * How often and how long to wait before retrying a transient failure (no connection, 502/503/504, 429): doubling
 * from {@code first} up to {@code max}, at most {@code attempts} tries in all, so a run never waits unboundedly.
 */
record Backoff(int attempts, Duration first, Duration max) {

    static final Backoff DEFAULT = new Backoff(4, Duration.ofMillis(500), Duration.ofSeconds(8));

    /** The wait before try number {@code attempt + 1} (attempt counts from 1), honouring a bounded Retry-After. */
    Duration delay(int attempt, Duration retryAfter) {
        long millis = first.toMillis() << Math.min(attempt - 1, 20);
        Duration wait = Duration.ofMillis(Math.min(millis, max.toMillis()));
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(max) > 0 ? max : retryAfter;
        }
        return wait;
    }
}
