package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database server that comes up after the registry (as PostgreSQL may at boot): a real H2 server over TCP. */
class StorageOpenerTest {

    @TempDir
    Path dir;

    private final BlockingQueue<Database> opened = new LinkedBlockingQueue<>();
    private final AtomicInteger undone = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    private StorageOpener opener(Supplier<Database> opening) {
        return new StorageOpener(() -> {
            attempts.incrementAndGet();
            return opening.get();
        }, db -> {
            opened.add(db);
            return () -> {
                undone.incrementAndGet();
                db.close();
            };
        }, 50);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Supplier<Database> overTcp(int port) {
        return () -> Database.open("jdbc:h2:tcp://127.0.0.1:" + port + "/registry", "sa", "s3cret", 4);
    }

    @Test
    void opensOnceTheDatabaseServerComesUpAndUndoesItOnClose() throws Exception {
        int port = freePort();
        StorageOpener opener = opener(overTcp(port));
        opener.start();
        assertNull(opened.poll(), "nothing listens yet");
        Server h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir",
                dir.toString()).start();
        try {
            Database db = opened.poll(30, TimeUnit.SECONDS);
            assertTrue(db != null, "not opened within 30 s of the server starting, " + attempts + " attempts");
            assertTrue(attempts.get() >= 2, attempts + " attempts");
            // migrated: the registry's tables are there
            int orgs = db.read(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM organization")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertEquals(0, orgs);
            opener.close();
            assertEquals(1, undone.get());
        } finally {
            h2.stop();
        }
    }

    @Test
    void closingStopsTheRetries() throws Exception {
        StorageOpener opener = opener(overTcp(freePort()));
        opener.start();
        opener.close();
        int after = attempts.get();
        Thread.sleep(300); // six first pauses
        assertEquals(after, attempts.get());
        assertEquals(0, undone.get());
    }

    @Test
    void aConfigurationTheJdbcLayerRefusesIsNotRetried() throws Exception {
        StorageOpener opener = opener(() -> Database.open("jdbc:mysql://127.0.0.1/registry", null, null, 4));
        opener.start();
        Thread.sleep(300);
        assertEquals(1, attempts.get());
        assertNull(opened.poll());
        opener.close();
    }
}
