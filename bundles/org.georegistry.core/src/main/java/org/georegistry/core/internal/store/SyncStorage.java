package org.georegistry.core.internal.store;

import java.io.IOException;
import org.georegistry.core.internal.secrets.SecretBox;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The stores of the synchronization framework: external systems (secrets sealed with the key file
 * {@code <data>/secret.key}) and synchronization configurations, over the registry's database.
 */
@Component(service = SyncStorage.class)
public final class SyncStorage {

    private final ExternalSystemStore externalSystems;
    private final SyncConfigStore syncConfigs;

    @Activate
    public SyncStorage(@Reference Storage storage, BundleContext context) throws IOException {
        this(storage.database(), SecretBox.open(Storage.dataDirectory(context).resolve("secret.key")));
    }

    /**
     * For tests and tools: the stores over an open database. A factory, not a second two-argument constructor:
     * SCR picks the activation constructor by its number of parameters and would try the wrong one.
     */
    public static SyncStorage over(Database db, SecretBox box) {
        return new SyncStorage(db, box);
    }

    private SyncStorage(Database db, SecretBox box) {
        this.externalSystems = new ExternalSystemStore(db, box);
        this.syncConfigs = new SyncConfigStore(db);
    }

    public ExternalSystemStore externalSystems() {
        return externalSystems;
    }

    public SyncConfigStore syncConfigs() {
        return syncConfigs;
    }
}
