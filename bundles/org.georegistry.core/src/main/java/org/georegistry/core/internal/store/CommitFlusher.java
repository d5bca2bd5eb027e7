package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Makes embedded H2's commits survive the process being killed (SIGKILL, the OOM killer, a crash). H2 keeps commits
 * in memory for up to a second before writing them to its file, so a killed server lost writes whose requests had
 * already been answered. After its commit a transaction waits here until a CHECKPOINT that began after that commit
 * has written it (to the operating system, which keeps it through the process's death; not forced to the disk).
 *
 * <p>Writers that commit while a CHECKPOINT runs share the next one: the first writer to find none running runs it
 * on its own connection, the others wait for it. Each CHECKPOINT writes a chunk that H2 keeps for its retention time
 * (45 s), so a client writing as fast as it can grows the file by about 15 KB a write for 45 s (the space is then
 * reused). WRITE_DELAY=0 was no alternative: it also stops H2's background compaction.
 */
final class CommitFlusher {

    /** Writes what H2 has committed to its file. */
    @FunctionalInterface
    interface Flush {
        void run(Connection c) throws SQLException;
    }

    private final Flush flush;
    /** Commits that asked for a flush, numbered. */
    private long requested;
    /** All commits up to this number are written. */
    private long written;
    private boolean flushing;

    CommitFlusher(Flush flush) {
        this.flush = flush;
    }

    /**
     * Returns once what {@code c}'s transaction committed is written. Interrupted while waiting for another writer's
     * CHECKPOINT, it returns at once with the interrupt kept: the commit stands, and H2's background writer stores it
     * within a second.
     */
    void awaitWritten(Connection c) throws SQLException {
        long ticket;
        synchronized (this) {
            ticket = ++requested;
        }
        while (true) {
            long upTo;
            synchronized (this) {
                while (flushing && written < ticket) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (written >= ticket) {
                    return;
                }
                flushing = true;
                upTo = requested; // every commit numbered so far happened before this CHECKPOINT starts
            }
            boolean flushed = false;
            try {
                flush.run(c);
                flushed = true;
            } finally {
                synchronized (this) {
                    if (flushed) {
                        written = upTo; // CHECKPOINTs run one at a time, so upTo only grows
                    }
                    flushing = false;
                    notifyAll();
                }
            }
        }
    }
}
