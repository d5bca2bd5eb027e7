package org.georegistry.itests.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures and delays an emulator injects by request path, for reliability tests. A path prefix of {@code ""} or
 * {@code null} means every request; otherwise it is matched against the request path. Each emulator names the
 * failures its peer (or the proxy before it) shows in its own {@code Kind} and answers them; thread-safe.
 *
 * @param <K> the emulator's kinds of failure
 * @param <F> the emulator's subclass, so that the setters chain
 */
public abstract class PathFaults<K extends Enum<K>, F extends PathFaults<K, F>> {

    private record Rule<K>(String prefix, K kind, AtomicInteger remaining) {
    }

    private final List<Rule<K>> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private F self() {
        return (F) this;
    }

    /** The next {@code count} requests to paths starting with {@code pathPrefix} fail with {@code kind}. */
    public F failNext(String pathPrefix, int count, K kind) {
        rules.add(new Rule<>(pathPrefix == null ? "" : pathPrefix, kind, new AtomicInteger(count)));
        return self();
    }

    public F failNext(int count, K kind) {
        return failNext("", count, kind);
    }

    /** Every request to paths starting with {@code pathPrefix} waits this long before it is handled. */
    public F delay(String pathPrefix, Duration delay) {
        delays.put(pathPrefix == null ? "" : pathPrefix, delay);
        return self();
    }

    public F delay(Duration delay) {
        return delay("", delay);
    }

    /** Forgets every failure and delay; a subclass clears its own faults too. */
    public void clear() {
        rules.clear();
        delays.clear();
    }

    /**
     * What an emulator does first with a request: waits the longest delay set for its path, then takes one failure
     * meant for it.
     *
     * @return the failure to answer, or null to handle the request as usual
     */
    public K await(String path) throws InterruptedException {
        long delay = delayFor(path).toMillis();
        if (delay > 0) {
            Thread.sleep(delay);
        }
        return take(path);
    }

    private K take(String path) {
        for (Rule<K> rule : rules) {
            if (path.startsWith(rule.prefix()) && rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                return rule.kind();
            }
        }
        return null;
    }

    private Duration delayFor(String path) {
        Duration longest = Duration.ZERO;
        for (Map.Entry<String, Duration> delay : delays.entrySet()) {
            if (path.startsWith(delay.getKey()) && delay.getValue().compareTo(longest) > 0) {
                longest = delay.getValue();
            }
        }
        return longest;
    }
}
