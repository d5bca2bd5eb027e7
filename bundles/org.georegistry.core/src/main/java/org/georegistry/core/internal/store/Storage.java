package org.georegistry.core.internal.store;

import java.nio.file.Path;
import org.osgi.framework.BundleContext;

/**
 * The registry's storage: the open database and its stores. Registered as a service by {@link StorageService} only
 * once the database is open and migrated, so nothing waits on a half-started database.
 */
public final class Storage {

    private final Database db;
    private final OrganizationStore organizations;
    private final UserStore users;
    private final ClassificationStore classifications;
    private final TypeStore types;
    private final HierarchyStore hierarchies;
    private final GeoObjectStore objects;

    /** For tests and tools: storage over an open database. */
    public Storage(Database db) {
        this.db = db;
        this.organizations = new OrganizationStore(db);
        this.users = new UserStore(db);
        this.classifications = new ClassificationStore(db);
        this.types = new TypeStore(db);
        this.hierarchies = new HierarchyStore(db);
        this.objects = new GeoObjectStore(db);
    }

    /** The data folder: framework property {@code georegistry.data}, else {@code ./data}. */
    public static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("georegistry.data");
        return Path.of(data == null || data.isBlank() ? "data" : data).toAbsolutePath();
    }

    public Database database() {
        return db;
    }

    public OrganizationStore organizations() {
        return organizations;
    }

    public UserStore users() {
        return users;
    }

    public ClassificationStore classifications() {
        return classifications;
    }

    public TypeStore types() {
        return types;
    }

    public HierarchyStore hierarchies() {
        return hierarchies;
    }

    public GeoObjectStore objects() {
        return objects;
    }
}
