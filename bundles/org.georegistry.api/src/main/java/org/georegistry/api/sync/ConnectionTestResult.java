package org.georegistry.api.sync;

import java.util.List;

/**
 * Outcome of {@link SyncProvider#testConnection}.
 *
 * @param ok the system answered and accepted the credentials
 * @param version the version the system reported, or null
 * @param supported whether this provider supports that version
 * @param messages what was checked and found, in order
 */
public record ConnectionTestResult(boolean ok, String version, boolean supported, List<String> messages) {

    public ConnectionTestResult {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public static ConnectionTestResult failed(String message) {
        return new ConnectionTestResult(false, null, false, List.of(message));
    }

    public static ConnectionTestResult succeeded(String version, boolean supported, String message) {
        return new ConnectionTestResult(true, version, supported, List.of(message));
    }
}
