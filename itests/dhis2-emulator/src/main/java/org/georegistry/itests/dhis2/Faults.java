package org.georegistry.itests.dhis2;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures a real DHIS2 (or the proxy in front of it) shows, for reliability tests. A path prefix of {@code ""} or
 * {@code null} means every request; otherwise it is matched against the request path, e.g. {@code /api/metadata}.
 */
public final class Faults {
    /** What the next matching requests get instead of DHIS2's answer. */
    public enum Kind {
        /** 500 with DHIS2's JSON WebMessage. */
        SERVER_ERROR,
        /** 502 with the HTML page of an nginx proxy whose upstream is down. */
        BAD_GATEWAY_HTML,
        /** 200 with DHIS2's HTML login page, as a session-based proxy answers an expired session. */
        LOGIN_PAGE,
        /** The real answer, cut in the middle of the JSON (the request is processed). */
        TRUNCATED_JSON,
        /** The connection is closed without any response. */
        CONNECTION_CLOSED,
        /** No answer until the emulator is closed: the client's timeout must fire. */
        HANG
    }

    private record Rule(String prefix, Kind kind, AtomicInteger remaining) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Set<String> rejectedCodes = ConcurrentHashMap.newKeySet();

    /** The next {@code count} requests to paths starting with {@code pathPrefix} fail with {@code kind}. */
    public Faults failNext(String pathPrefix, int count, Kind kind) {
        rules.add(new Rule(pathPrefix == null ? "" : pathPrefix, kind, new AtomicInteger(count)));
        return this;
    }

    public Faults failNext(int count, Kind kind) {
        return failNext("", count, kind);
    }

    /** Every request to paths starting with {@code pathPrefix} waits this long before it is handled. */
    public Faults delay(String pathPrefix, Duration delay) {
        delays.put(pathPrefix == null ? "" : pathPrefix, delay);
        return this;
    }

    public Faults delay(Duration delay) {
        return delay("", delay);
    }

    /** Imports answer an E5003 object error for units with this code, the rest of the import going on as usual. */
    public Faults rejectCode(String code) {
        rejectedCodes.add(code);
        return this;
    }

    public void clear() {
        rules.clear();
        delays.clear();
        rejectedCodes.clear();
    }

    /** Takes one failure meant for this path, or null. */
    Kind take(String path) {
        for (Rule rule : rules) {
            if (path.startsWith(rule.prefix()) && rule.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                return rule.kind();
            }
        }
        return null;
    }

    Duration delayFor(String path) {
        Duration longest = Duration.ZERO;
        for (Map.Entry<String, Duration> delay : delays.entrySet()) {
            if (path.startsWith(delay.getKey()) && delay.getValue().compareTo(longest) > 0) {
                longest = delay.getValue();
            }
        }
        return longest;
    }

    boolean rejects(String code) {
        return rejectedCodes.contains(code);
    }
}
