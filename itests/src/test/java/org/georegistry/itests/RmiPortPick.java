package org.georegistry.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Pax Exam's forked container takes as its RMI registry's port the first of 21000-21099 that a server socket can
 * bind, and creates the registry there a moment later (tens of milliseconds in a fresh JVM). Two test JVMs starting
 * containers at once took the same port, and one class failed with "Port already in use: 21000". A lock file
 * shared by the test JVMs makes the pick and the creation one step: {@link #claim()} takes it just before Pax Exam
 * forks, and lets it go once the port Pax Exam will take answers (or after 30 s, should the start fail).
 */
final class RmiPortPick {

    private static final int FIRST = 21000;
    private static final int LAST = 21099;
    private static final long HOLD_AT_MOST_MS = 30_000;
    private static final Path LOCK = Path.of("target", "pax-exam-rmi-port.lock");

    private static FileLock held;

    private RmiPortPick() {}

    /** Waits for the other test JVMs' picks, then holds the lock until this JVM's registry listens. */
    static synchronized void claim() {
        release(held);
        FileLock mine;
        long asked = System.nanoTime();
        try {
            Files.createDirectories(LOCK.getParent());
            FileChannel channel = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            mine = channel.lock();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        held = mine;
        int next = FIRST;
        while (next <= LAST && listening(next)) {
            next++;
        }
        int expected = next;
        System.out.printf("RMI port pick: %d expected, after %d ms waiting for other test JVMs%n", expected,
                (System.nanoTime() - asked) / 1_000_000);
        Thread watcher = new Thread(() -> {
            long until = System.currentTimeMillis() + HOLD_AT_MOST_MS;
            while (System.currentTimeMillis() < until && !listening(expected)) {
                pause();
            }
            release(mine);
        }, "rmi-port-pick");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Lets go of a lock if it is still the one held (a later claim may have let go of it already). */
    private static synchronized void release(FileLock lock) {
        if (lock != null && lock == held) {
            try {
                lock.channel().close();
            } catch (IOException ignored) {
                // the lock goes with the channel, or with the JVM
            }
            held = null;
        }
    }

    /** Probed by connecting, never by binding: a probe that binds could itself take the port from Pax Exam. */
    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
