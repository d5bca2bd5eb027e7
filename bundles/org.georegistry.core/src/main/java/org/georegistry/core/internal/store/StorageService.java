package org.georegistry.core.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Opens the database (embedded H2 under {@code ${georegistry.data}/db} unless {@code etc/org.georegistry.storage.cfg}
 * names a PostgreSQL URL), migrates it, and only then registers {@link Storage}. Registering by hand rather than
 * making Storage a DS service matters: the first migration takes seconds, longer than SCR waits for a service
 * being activated on another thread, and components that lost that race would never start. A database that cannot be
 * opened yet is tried again in the background ({@link StorageOpener}); until then health says storage DOWN.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"org.georegistry.core.internal.store.Storage\"")
@Component(immediate = true, service = {}, configurationPid = StorageService.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StorageService.Config.class)
public final class StorageService {

    public static final String PID = "org.georegistry.storage";

    @ObjectClassDefinition(name = "GeoRegistry storage", description = "The database of the registry")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL; empty for embedded H2 under the data folder."
                + " Example: jdbc:postgresql://127.0.0.1:5432/georegistry", required = false)
        String url() default "";

        @AttributeDefinition(description = "Database user", required = false)
        String user() default "";

        @AttributeDefinition(description = "Database password (never logged)", type = AttributeType.PASSWORD, required = false)
        String password() default "";

        @AttributeDefinition(description = "Largest number of pooled connections")
        int maxPoolSize() default 16;
    }

    private final StorageOpener opener;

    @Activate
    public StorageService(BundleContext context, Config config) throws IOException {
        String url = url(context, config);
        opener = new StorageOpener(() -> Database.open(url, config.user(), config.password(), config.maxPoolSize()),
                db -> {
                    ServiceRegistration<Storage> registration = context.registerService(Storage.class, new Storage(db), null);
                    return () -> {
                        registration.unregister();
                        db.close();
                    };
                }, 1000);
        opener.start();
    }

    @Deactivate
    void close() throws Exception {
        opener.close();
    }

    static String url(BundleContext context, Config config) throws IOException {
        if (!config.url().isBlank()) {
            return config.url().trim();
        }
        Path dir = Storage.dataDirectory(context).resolve("db");
        Files.createDirectories(dir);
        return embeddedUrl(dir);
    }

    /**
     * The embedded H2 database in {@code dir}. Through H2's {@code retry:} file system: a thread interrupted while
     * H2 reads or writes (a sync job being cancelled or timed out, say) would otherwise close the file channel
     * under every other connection and leave the database unusable until a restart. A 64 MB page cache keeps the
     * indexes and the hot rows of a few hundred thousand objects in memory without letting the server's heap grow
     * with the registry (128 MB filled up with a 100,000-object export and made the heap 1.7 times that of 10,000).
     * Geometries up to 64 KB are kept in their rows: H2 keeps larger CLOBs in a separate map and copies each one it
     * returns into a temporary LOB, which made reading an export's polygons cost more than everything else the
     * export does. H2 keeps 8 parsed statements per connection by default; an import's save runs more different
     * ones than that, so each was parsed again for every object (in a profile, 53 of the 339 samples of the sync
     * jobs' threads were in H2's parser): with 64 the DHIS2 import of 100,000 took 39.7 s instead of 61-69 s. The
     * core closes the database when it stops; H2's own shutdown hook would race with that and find the bundle's
     * classes gone.
     */
    static String embeddedUrl(Path dir) {
        return "jdbc:h2:retry:" + dir.resolve("georegistry").toAbsolutePath()
                + ";CACHE_SIZE=65536;MAX_LENGTH_INPLACE_LOB=65536;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";
    }
}
