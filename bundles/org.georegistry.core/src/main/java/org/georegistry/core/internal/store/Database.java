package org.georegistry.core.internal.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's database: a pooled DataSource over H2 or PostgreSQL, migrated by Liquibase when opened. Drivers
 * are used through their DataSource classes rather than DriverManager, which cannot see bundle class loaders.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String CHANGELOG = "db/changelog.xml";
    /** Held so the JUL level sticks: Liquibase reports every statement at INFO. */
    private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Work done with one connection; may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource pool;
    private final boolean postgres;
    private final CommitFlusher flusher;

    private Database(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.postgres = postgres;
        this.flusher = postgres ? null : new CommitFlusher(Database::checkpoint);
    }

    private static void checkpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    /**
     * Opens and migrates the database at a JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...}).
     *
     * @param password may be null; never logged
     */
    public static Database open(String url, String user, String password, int maxPoolSize) {
        boolean postgres = url.startsWith("jdbc:postgresql:");
        DataSource raw;
        if (postgres) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            if (user != null && !user.isBlank()) {
                pg.setUser(user);
            }
            if (password != null && !password.isEmpty()) {
                pg.setPassword(password);
            }
            raw = pg;
        } else if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user == null ? "" : user);
            h2.setPassword(password == null ? "" : password);
            raw = h2;
        } else {
            throw new IllegalArgumentException("Unsupported JDBC URL (use jdbc:h2: or jdbc:postgresql:): " + redact(url));
        }
        HikariConfig config = new HikariConfig();
        config.setDataSource(raw);
        config.setPoolName("georegistry");
        config.setMaximumPoolSize(maxPoolSize);
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        Database db = new Database(pool, postgres);
        try {
            db.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info("Database ready: {}", redact(url));
        return db;
    }

    /** The URL without its query string, where a password may hide. */
    static String redact(String url) {
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q) + "?…";
        return base.replaceAll("(?i)password=[^;&]*", "password=…");
    }

    private void migrate() {
        ClassLoader bundleLoader = Database.class.getClassLoader();
        String fingerprint = SchemaFingerprint.of(bundleLoader, CHANGELOG);
        try (Connection c = pool.getConnection()) {
            if (fingerprint.equals(SchemaFingerprint.stored(c))) {
                // the schema is what these changelogs make: skip Liquibase, whose check alone costs a second or more
                return;
            }
            startLiquibase();
            // Liquibase looks up its services through the context class loader; in OSGi SPI Fly serves them.
            Thread t = Thread.currentThread();
            ClassLoader previous = t.getContextClassLoader();
            t.setContextClassLoader(bundleLoader);
            try {
                // Liquibase reads its settings from the scope too: no summary tables on stdout, UI text to its logger,
                // and a service lookup that survives the optional libraries the distribution leaves out.
                Map<String, Object> scope = Map.of(Scope.Attr.ui.name(), new liquibase.ui.LoggerUIService(),
                        Scope.Attr.serviceLocator.name(), new LenientServiceLocator(Liquibase.class.getClassLoader()),
                        "liquibase.command.showSummary", "OFF", "liquibase.command.showSummaryOutput", "LOG");
                Scope.child(scope, () -> {
                    var database = liquibase.database.DatabaseFactory.getInstance()
                            .findCorrectDatabaseImplementation(new JdbcConnection(c));
                    try (var resources = new ClassLoaderResourceAccessor(bundleLoader)) {
                        new Liquibase(CHANGELOG, resources, database).update("");
                    }
                });
            } finally {
                t.setContextClassLoader(previous);
            }
            SchemaFingerprint.store(c, fingerprint);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the database: " + e.getMessage(), e);
        } catch (LiquibaseException e) {
            throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Database migration failed: " + e, e);
        }
    }

    /**
     * The distribution leaves the Liquibase bundle resolved but not started (its start level is above the
     * framework's): starting it makes SPI Fly load and weave its hundreds of service classes, which is most of a
     * second at every server start, needed only when the schema changes. Outside OSGi (unit tests) there is nothing
     * to start.
     */
    private static void startLiquibase() {
        org.osgi.framework.Bundle liquibase = org.osgi.framework.FrameworkUtil.getBundle(Liquibase.class);
        if (liquibase != null && liquibase.getState() != org.osgi.framework.Bundle.ACTIVE) {
            try {
                // a bundle above the framework's start level cannot start: bring it down to the current level first
                int current = frameworkStartLevel(Database.class);
                var level = liquibase.adapt(org.osgi.framework.startlevel.BundleStartLevel.class);
                if (level.getStartLevel() > current) {
                    level.setStartLevel(current);
                }
                liquibase.start(org.osgi.framework.Bundle.START_TRANSIENT);
            } catch (org.osgi.framework.BundleException e) {
                throw new IllegalStateException("Cannot start Liquibase to migrate the database: " + e.getMessage(), e);
            }
        }
    }

    private static int frameworkStartLevel(Class<?> inBundle) {
        org.osgi.framework.Bundle system = org.osgi.framework.FrameworkUtil.getBundle(inBundle).getBundleContext()
                .getBundle(org.osgi.framework.Constants.SYSTEM_BUNDLE_LOCATION);
        return system.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class).getStartLevel();
    }

    public boolean isPostgres() {
        return postgres;
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws. On embedded H2 it
     * returns once the commit is in the database file (see {@link CommitFlusher}).
     */
    public <T> T tx(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (flusher != null) {
                    flusher.awaitWritten(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs read-only work with a connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** A connection the caller must close; for streaming results that outlive one method. */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }
}
