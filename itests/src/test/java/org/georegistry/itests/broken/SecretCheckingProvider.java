package org.georegistry.itests.broken;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncProvider;

/**
 * A provider whose peer accepts one password, packaged into a generated bundle by the tests: it shows whether
 * the core hands the stored secret back to the provider while never showing it to clients.
 */
public final class SecretCheckingProvider implements SyncProvider {

    public static final String TYPE = "secret-check";
    public static final String ACCEPTED_PASSWORD = "Tr0ub4dor&3-secret";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String label() {
        return "Secret check";
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.EXPORT);
    }

    @Override
    public List<SettingDescriptor> systemSettings() {
        return List.of(SettingDescriptor.required("url", "URL", SettingType.URL),
                SettingDescriptor.secret("password", "Password", true));
    }

    @Override
    public ConnectionTestResult testConnection(Settings settings) {
        return ACCEPTED_PASSWORD.equals(settings.text("password", ""))
                ? ConnectionTestResult.succeeded("1.0", true, "Credentials accepted")
                : ConnectionTestResult.failed("Credentials refused");
    }
}
