package org.georegistry.itests.dhis2;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.georegistry.itests.emulator.PathFaults;

/**
 * Failures a real DHIS2 (or the proxy in front of it) shows, for reliability tests. A path prefix of {@code ""} or
 * {@code null} means every request; otherwise it is matched against the request path, e.g. {@code /api/metadata}.
 */
public final class Faults extends PathFaults<Faults.Kind, Faults> {
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

    private final Set<String> rejectedCodes = ConcurrentHashMap.newKeySet();

    /** Imports answer an E5003 object error for units with this code, the rest of the import going on as usual. */
    public Faults rejectCode(String code) {
        rejectedCodes.add(code);
        return this;
    }

    @Override
    public void clear() {
        super.clear();
        rejectedCodes.clear();
    }

    boolean rejects(String code) {
        return rejectedCodes.contains(code);
    }
}
