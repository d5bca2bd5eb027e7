package org.georegistry.core.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The registry's storage as a service: opens the database (embedded H2 under {@code ${georegistry.data}/db} unless
 * {@code etc/org.georegistry.storage.cfg} names a PostgreSQL URL) and hands out the stores.
 */
@Component(service = Storage.class, immediate = true, configurationPid = Storage.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Storage.Config.class)
public final class Storage {

    public static final String PID = "org.georegistry.storage";

    @ObjectClassDefinition(name = "GeoRegistry storage", description = "The database of the registry")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL; empty for embedded H2 under the data folder."
                + " Example: jdbc:postgresql://127.0.0.1:5432/georegistry")
        String url() default "";

        @AttributeDefinition(description = "Database user", required = false)
        String user() default "";

        @AttributeDefinition(description = "Database password (never logged)", type = AttributeType.PASSWORD, required = false)
        String password() default "";

        @AttributeDefinition(description = "Largest number of pooled connections")
        int maxPoolSize() default 16;
    }

    private final Database db;
    private final OrganizationStore organizations;
    private final UserStore users;
    private final ClassificationStore classifications;
    private final TypeStore types;
    private final HierarchyStore hierarchies;
    private final GeoObjectStore objects;

    @Activate
    public Storage(BundleContext context, Config config) throws java.io.IOException {
        this(Database.open(url(context, config), config.user(), config.password(), config.maxPoolSize()));
    }

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

    private static String url(BundleContext context, Config config) throws java.io.IOException {
        if (!config.url().isBlank()) {
            return config.url().trim();
        }
        Path dir = dataDirectory(context).resolve("db");
        Files.createDirectories(dir);
        // A 128 MB page cache keeps a registry of a few hundred thousand objects in memory.
        return "jdbc:h2:file:" + dir.resolve("georegistry").toAbsolutePath() + ";CACHE_SIZE=131072";
    }

    /** The data folder: framework property {@code georegistry.data}, else {@code ./data}. */
    public static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("georegistry.data");
        return Path.of(data == null || data.isBlank() ? "data" : data).toAbsolutePath();
    }

    @Deactivate
    void close() {
        db.close();
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
