package org.georegistry.core.internal.store;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the database and, when it cannot (PostgreSQL not accepting connections yet as the machine boots, H2's file
 * held by another process), keeps trying in the background, pausing twice as long each time up to a minute, rather
 * than leaving the registry without storage until someone restarts it. The first attempt runs on the caller's
 * thread, so a start whose database is there goes as before. A configuration the JDBC layer refuses outright
 * (an unsupported URL) is not retried: only a new configuration can mend it.
 */
final class StorageOpener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageOpener.class);
    static final long LONGEST_PAUSE_MS = 60_000;

    private final Supplier<Database> opening;
    private final Function<Database, AutoCloseable> ready;
    private final long firstPauseMs;
    private ScheduledExecutorService retries;
    private AutoCloseable undo;
    private boolean closed;
    private int failures;

    /**
     * @param opening opens and migrates the database, throwing when it cannot
     * @param ready   puts an open database to use (registers the Storage service); answers how to undo that
     */
    StorageOpener(Supplier<Database> opening, Function<Database, AutoCloseable> ready, long firstPauseMs) {
        this.opening = opening;
        this.ready = ready;
        this.firstPauseMs = firstPauseMs;
    }

    void start() {
        attempt(firstPauseMs);
    }

    private void attempt(long pause) {
        Database db;
        try {
            db = opening.get();
        } catch (IllegalArgumentException e) {
            LOG.error("Storage not opened, and not retried until its configuration changes: {}", e.getMessage());
            return;
        } catch (RuntimeException e) {
            retryLater(pause, e);
            return;
        }
        synchronized (this) {
            if (closed) { // closed while this attempt ran
                db.close();
                return;
            }
            if (failures > 0) {
                LOG.info("Storage open after {} failed attempt(s)", failures);
            }
        }
        // outside the lock: registering starts the components that need storage, and a deactivation that comes
        // meanwhile must not wait on them holding SCR's locks
        AutoCloseable done = ready.apply(db);
        boolean closedMeanwhile;
        synchronized (this) {
            closedMeanwhile = closed;
            if (!closed) {
                undo = done;
            }
        }
        if (closedMeanwhile) {
            closeQuietly(done);
        }
    }

    private static void closeQuietly(AutoCloseable done) {
        try {
            done.close();
        } catch (Exception e) {
            LOG.warn("Closing the storage failed: {}", e.toString());
        }
    }

    private synchronized void retryLater(long pause, RuntimeException e) {
        if (closed) {
            return;
        }
        failures++;
        LOG.error("Storage unavailable ({}); trying again in {} s", e.getMessage(), pause / 1000.0);
        if (retries == null) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "georegistry:storage-open");
                t.setDaemon(true);
                return t;
            });
        }
        retries.schedule(() -> attempt(Math.min(pause * 2, LONGEST_PAUSE_MS)), pause, TimeUnit.MILLISECONDS);
    }

    /** Stops retrying and undoes what {@code ready} did, if it ran. */
    @Override
    public void close() throws Exception {
        AutoCloseable toUndo;
        synchronized (this) {
            closed = true;
            if (retries != null) {
                retries.shutdownNow();
            }
            toUndo = undo;
            undo = null;
        }
        if (toUndo != null) {
            toUndo.close();
        }
    }
}
