package org.georegistry.launcher;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.management.ObjectName;

/**
 * Records the class-data-sharing archive of a first run while the server runs (JDK 17's {@code VM.cds
 * dynamic_dump}, allowed by {@code -XX:+RecordDynamicDumpInfo}), instead of at exit: a dump at exit would make the
 * first stop take seconds longer. Written under a temporary name and moved into place, so a run killed mid-dump
 * leaves no half archive for the next start to trip on.
 */
final class ClassDataArchive {

    /** Long enough for the start (and a first request or two) to have loaded what every start loads. */
    static final long DELAY_MS = 5_000;

    private ClassDataArchive() {}

    static void recordSoon(Path archive) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(DELAY_MS);
                record(archive);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "georegistry-cds");
        t.setDaemon(true);
        t.start();
    }

    static void record(Path archive) {
        Path partial = archive.resolveSibling(archive.getFileName() + ".part");
        try {
            Files.deleteIfExists(partial);
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"dynamic_dump", partial.toString()}},
                    new String[] {String[].class.getName()});
            if (Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (Exception | LinkageError e) {
            // only a faster next start is lost
            System.err.println("GeoRegistry: could not record the class-data archive: " + e);
        }
    }
}
