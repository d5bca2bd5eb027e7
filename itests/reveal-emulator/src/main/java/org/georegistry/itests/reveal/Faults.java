package org.georegistry.itests.reveal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Failures of a real server (or of the proxy before it), for reliability tests. A path prefix of {@code ""} means
 * every request; otherwise it is matched against the request path, e.g. {@code /rest/location/add}.
 */
public final class Faults {
    /** What the next matching requests get instead of the server's answer. */
    public enum Kind {
        /** 500 without a body, as OpenSRP's controllers answer any exception. */
        SERVER_ERROR,
        /** 502 with the HTML page of an nginx proxy whose upstream is down. */
        BAD_GATEWAY_HTML,
        /** 503 with the HTML page of a proxy, as during a restart. */
        UNAVAILABLE_HTML,
        /** The connection is closed without any response. */
        CONNECTION_CLOSED,
        /** No answer until the emulator is closed: the client's read timeout must fire. */
        HANG
    }

    private record Rule(String prefix, Kind kind, AtomicInteger remaining) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    /** The next {@code count} requests to paths starting with {@code pathPrefix} fail with {@code kind}. */
    public Faults failNext(String pathPrefix, int count, Kind kind) {
        rules.add(new Rule(pathPrefix == null ? "" : pathPrefix, kind, new AtomicInteger(count)));
        return this;
    }

    /** Every request to paths starting with {@code pathPrefix} waits this long before it is handled. */
    public Faults delay(String pathPrefix, Duration delay) {
        delays.put(pathPrefix == null ? "" : pathPrefix, delay);
        return this;
    }

    /**
     * The location with this id (OpenSRP), external id or name (Reveal) is refused as the server refuses an object
     * it cannot store, the rest of the request going on: listed in OpenSRP's "not processed" answer, a 500 for one
     * Reveal location, a FAILED entry of a Reveal bulk.
     */
    public Faults reject(String idOrName) {
        rejected.add(idOrName);
        return this;
    }

    /**
     * OpenSRP cannot read the location with this id (as when Gson meets a value of a type it does not accept): any
     * request that carries it is refused with 400 as a whole.
     */
    public Faults unreadable(String id) {
        unreadable.add(id);
        return this;
    }

    public void clear() {
        rules.clear();
        delays.clear();
        rejected.clear();
        unreadable.clear();
    }

    boolean unreadable(com.fasterxml.jackson.databind.JsonNode location) {
        String id = Json.text(location, "id");
        return id != null && unreadable.contains(id);
    }

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

    boolean rejects(String... keys) {
        for (String key : keys) {
            if (key != null && rejected.contains(key)) {
                return true;
            }
        }
        return false;
    }
}
