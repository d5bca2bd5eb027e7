package org.georegistry.core.internal.providers;

import java.util.List;
import java.util.function.Supplier;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SyncProvider;
import org.georegistry.core.internal.rest.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into provider code from request threads. A provider that throws (or whose bundle went away under it,
 * which shows as a LinkageError) is the provider's fault, not the client's nor the core's: the client gets a 502
 * problem naming the provider, never a 500.
 */
public final class ProviderCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCalls.class);

    private ProviderCalls() {}

    public static <T> T call(String type, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Provider '{}' failed {}: {}", type, what, e.toString());
            throw new ApiException(502, "Bad Gateway", "The '" + type + "' provider failed " + what + ": "
                    + e.getClass().getSimpleName(), List.of());
        }
    }

    public static List<SettingDescriptor> systemSettings(String type, SyncProvider provider) {
        List<SettingDescriptor> d = call(type, "describing its system settings", provider::systemSettings);
        return d == null ? List.of() : d;
    }

    public static List<SettingDescriptor> configSettings(String type, SyncProvider provider) {
        List<SettingDescriptor> d = call(type, "describing its configuration settings", provider::configSettings);
        return d == null ? List.of() : d;
    }
}
