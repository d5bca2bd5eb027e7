package org.georegistry.core.internal.providers;

import org.georegistry.api.sync.SyncProvider;

/**
 * A provider service as the core knows it: the service, the bundle that brought it and its service ranking.
 *
 * @param type the provider's type key
 * @param provider the service object
 * @param bundleSymbolicName the bundle that registered it
 * @param bundleVersion that bundle's version, also shown as the provider's version
 * @param ranking service ranking: of two providers for one type, the higher wins
 * @param serviceId framework service id: of two equal rankings, the older (lower id) wins
 */
public record InstalledProvider(
        String type,
        SyncProvider provider,
        String bundleSymbolicName,
        String bundleVersion,
        int ranking,
        long serviceId) {

    /** True when this provider should be used instead of {@code other} for the same type. */
    boolean outranks(InstalledProvider other) {
        return ranking != other.ranking ? ranking > other.ranking : serviceId < other.serviceId;
    }
}
