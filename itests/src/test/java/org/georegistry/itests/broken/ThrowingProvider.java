package org.georegistry.itests.broken;

import java.util.Set;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.SyncProvider;

/** A provider whose component fails to activate: packaged into a generated bundle by the hot deploy test. */
public final class ThrowingProvider implements SyncProvider {

    public ThrowingProvider() {
        throw new IllegalStateException("this provider always fails to activate");
    }

    @Override
    public String type() {
        return "throwing";
    }

    @Override
    public String label() {
        return "Throwing";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }
}
