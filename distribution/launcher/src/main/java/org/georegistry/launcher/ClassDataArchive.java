package org.georegistry.launcher;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.DoubleSupplier;
import javax.management.ObjectName;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.weaving.WovenClass;
import org.osgi.framework.hooks.weaving.WovenClassListener;

/**
 * Records the class-data-sharing archive of a first run while the server runs (JDK 17's {@code VM.cds
 * dynamic_dump}, allowed by {@code -XX:+RecordDynamicDumpInfo}), instead of at exit: a dump at exit would make the
 * first stop take seconds longer. Written under a temporary name and moved into place, so a run killed mid-dump
 * leaves no half archive for the next start to trip on.
 * <p>
 * A dump on request, unlike one at exit, leaves out every class that is loaded but not linked yet (about a
 * thousand of the bundle classes a start loads: loaded to check a signature or a type, used later or never). So the
 * recorder watches the classes the bundles define and links them, without initializing them, just before the dump.
 */
final class ClassDataArchive {

    /** Long enough after the start levels are reached for a first request or two to have loaded their classes. */
    static final long DELAY_MS = 5_000;

    private final Path archive;
    private final Queue<Class<?>> defined = new ConcurrentLinkedQueue<>();
    private final ServiceRegistration<WovenClassListener> listener;
    private final CountDownLatch started = new CountDownLatch(1);

    private ClassDataArchive(Path archive, BundleContext framework) {
        this.archive = archive;
        this.listener = framework.registerService(WovenClassListener.class, this::defined, null);
        framework.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        });
    }

    /**
     * Watches the classes the bundles define from now on (call it before they are installed) and records the archive
     * {@link #DELAY_MS} after every bundle has started, at the first quiet moment after that ({@link QuietMoment}:
     * the recording stops the JVM for 1-4 s), on a daemon thread. Counting from the end of the start, not from
     * launch, matters on a busy machine: a first start that took ten seconds once had half its classes missing from
     * an archive recorded five seconds after launch.
     */
    static void recordSoon(Path archive, BundleContext framework) {
        ClassDataArchive recorder = new ClassDataArchive(archive, framework);
        Thread t = new Thread(() -> {
            try {
                recorder.started.await();
                Thread.sleep(DELAY_MS);
                QuietMoment.await(processLoad(), Thread::sleep, QuietMoment.MAX_WAIT_MS);
                recorder.record();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "georegistry-cds");
        t.setDaemon(true);
        t.start();
    }

    /** The process's CPU use since the previous call, as a share of the machine (negative if unknown). */
    private static DoubleSupplier processLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os::getProcessCpuLoad;
        }
        return () -> 0; // no figure: record at once, as before
    }

    private void defined(WovenClass woven) {
        if (woven.getState() == WovenClass.DEFINED) {
            defined.add(woven.getDefinedClass());
        }
    }

    private void record() {
        Path partial = archive.resolveSibling(archive.getFileName() + ".part");
        try {
            listener.unregister();
            linkDefinedClasses();
            Files.deleteIfExists(partial);
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"dynamic_dump", dcmdArgument(partial.toString())}},
                    new String[] {String[].class.getName()});
            if (Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (Exception | LinkageError e) {
            // only a faster next start is lost
            System.err.println("GeoRegistry: could not record the class-data archive: " + e);
        }
    }

    /**
     * The diagnostic command joins its arguments with spaces and splits them again: a path with a space (an
     * installation under "/opt/Geo Registry") must be quoted to stay one argument.
     */
    static String dcmdArgument(String value) {
        return value.chars().anyMatch(Character::isWhitespace) ? '"' + value + '"' : value;
    }

    /**
     * Asking a class for its public fields makes the JVM link it (verify it) without initializing it; as few classes
     * have public fields, this loads hardly any class that the start did not.
     */
    private void linkDefinedClasses() {
        for (Class<?> c; (c = defined.poll()) != null; ) {
            try {
                c.getFields();
            } catch (LinkageError | SecurityException e) {
                // a missing optional dependency: the class stays out of the archive, as it would have anyway
            }
        }
    }
}
