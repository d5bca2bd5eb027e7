package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.georegistry.itests.emulator.PathFaults;

/**
 * Failures of a real server (or of the proxy before it), for reliability tests. A path prefix of {@code ""} means
 * every request; otherwise it is matched against the request path, e.g. {@code /rest/location/add}.
 */
public final class Faults extends PathFaults<Faults.Kind, Faults> {
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

    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

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

    @Override
    public void clear() {
        super.clear();
        rejected.clear();
        unreadable.clear();
    }

    boolean unreadable(JsonNode location) {
        String id = Json.text(location, "id");
        return id != null && unreadable.contains(id);
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
