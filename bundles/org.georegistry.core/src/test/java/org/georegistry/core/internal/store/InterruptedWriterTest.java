package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job threads are interrupted when a job is cancelled or times out, possibly in the middle of a database call.
 * With plain {@code jdbc:h2:file:}, an interrupt that lands while H2 reads a page from disk closes its file channel
 * for every connection (reproduced outside the build with a 100 MB database: "Reading from file ... failed",
 * ClosedChannelException, then a hang); the embedded URL goes through H2's {@code retry:} file system, which reopens
 * the file. This small database stays in H2's cache, so the test cannot show that failure quickly; it checks that
 * the embedded URL keeps working under a constant stream of interrupts.
 */
final class InterruptedWriterTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aWriterInterruptedAgainAndAgainLeavesTheDatabaseUsable() throws Exception {
        Database db = Database.open(StorageService.embeddedUrl(dir), "sa", "", 4);
        try {
            db.tx(c -> c.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(1000))"));
            AtomicInteger written = new AtomicInteger();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < 4000; i++) {
                    int id = i;
                    try {
                        db.tx(c -> {
                            try (PreparedStatement ps = c.prepareStatement("MERGE INTO t VALUES (?, ?)")) {
                                ps.setInt(1, id);
                                ps.setString(2, "x".repeat(900));
                                ps.executeUpdate();
                            }
                            return null;
                        });
                        written.incrementAndGet();
                    } catch (RuntimeException interruptedWrite) {
                        // a write may fail when interrupted; the database must not
                    }
                }
            });
            writer.start();
            while (writer.isAlive()) {
                writer.interrupt();
                Thread.sleep(1);
            }
            int rows = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertTrue(rows > 0 && rows <= 4000, "rows " + rows);
            db.tx(c -> c.createStatement().executeUpdate("MERGE INTO t VALUES (-1, 'after')"));
            assertEquals(rows + 1, (int) db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }));
        } finally {
            db.close();
        }
    }
}
