package org.georegistry.itests.isolation;

import java.util.List;
import java.util.Set;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SyncProvider;

/** A provider whose every description method throws, packaged into a generated bundle by the tests. */
public final class DescribeThrowingProvider implements SyncProvider {

    public static final String TYPE = "describe-throwing";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        throw new IllegalStateException("label is broken");
    }

    @Override
    public Set<Capability> capabilities() {
        throw new IllegalStateException("capabilities are broken");
    }

    @Override
    public List<SettingDescriptor> systemSettings() {
        throw new IllegalStateException("system settings are broken");
    }

    @Override
    public List<SettingDescriptor> configSettings() {
        throw new NoClassDefFoundError("config settings are broken");
    }
}
