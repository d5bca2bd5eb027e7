package org.georegistry.launcher;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * Starts the server: Felix with the bundles of {@code lib/bundles}, installed by reference (Felix reads them in
 * place instead of copying tens of megabytes into its cache at every start), each at its start level. The cache
 * under {@code java.io.tmpdir} is wiped at each start, so {@code deploy/} and {@code etc/} stay the only state.
 * SIGTERM (and Ctrl-C) stops the framework, which stops every bundle in reverse start-level order.
 */
public final class Main {

    /** How long a stop may take before the JVM exits anyway. */
    static final long STOP_TIMEOUT_MS = 15_000;
    /** The exit status when the HTTP port cannot be used; bin/georegistry start reports it. */
    static final int EXIT_CANNOT_LISTEN = 3;

    private Main() {}

    public static void main(String[] args) throws Exception {
        Path lib = libDirectory();
        LaunchPlan plan = LaunchPlan.read(lib.resolve("launcher.properties"), lib.resolve("bundles"),
                System.getProperties());
        List<ListenCheck.Listener> listeners = listenersOrExit(plan);
        // bin/georegistry start waits for this line (or for the process to end) before it answers
        System.out.println("GeoRegistry starting on " + String.join(", ",
                listeners.stream().map(ListenCheck.Listener::address).toList()));
        String archive = System.getProperty("georegistry.cds.record");
        Framework framework = start(plan, Path.of(System.getProperty("java.io.tmpdir"), "felix-cache"), context -> {
            if (archive != null && !archive.isBlank()) {
                ClassDataArchive.recordSoon(Path.of(archive), context);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "georegistry-shutdown"));
        FrameworkEvent end = framework.waitForStop(0);
        System.exit(end.getType() == FrameworkEvent.ERROR ? 1 : 0);
    }

    /** The HTTP listeners, once they are known to be usable; otherwise says why and exits. */
    private static List<ListenCheck.Listener> listenersOrExit(LaunchPlan plan) {
        String problem;
        try {
            List<ListenCheck.Listener> listeners = ListenCheck.listeners(
                    key -> plan.frameworkProperties().getOrDefault(key, System.getProperty(key)));
            problem = ListenCheck.problem(listeners).orElse(null);
            if (problem == null) {
                return listeners;
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        System.err.println("GeoRegistry did not start: " + problem);
        System.exit(EXIT_CANNOT_LISTEN);
        throw new IllegalStateException("unreachable");
    }

    /**
     * Installs and starts everything; a bundle that fails to start is reported and the rest goes on.
     * {@code beforeBundles} sees the framework's context before any bundle is installed.
     */
    static Framework start(LaunchPlan plan, Path cache, Consumer<BundleContext> beforeBundles)
            throws BundleException {
        Map<String, String> config = new HashMap<>(plan.frameworkProperties());
        config.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.init();
        BundleContext context = framework.getBundleContext();
        beforeBundles.accept(context);
        List<Bundle> toStart = new ArrayList<>();
        for (LaunchPlan.Entry entry : plan.bundles()) {
            if (!Files.isRegularFile(entry.file())) {
                System.err.println("GeoRegistry: missing bundle " + entry.file() + "; the installation is incomplete");
                continue;
            }
            Bundle bundle = context.installBundle("reference:" + entry.file().toUri());
            bundle.adapt(BundleStartLevel.class).setStartLevel(entry.startLevel());
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                toStart.add(bundle);
            }
        }
        for (Bundle bundle : toStart) {
            try {
                // Marks the bundle for start; the framework starts it when its start level is reached.
                bundle.start(Bundle.START_ACTIVATION_POLICY);
            } catch (BundleException e) {
                System.err.println("GeoRegistry: bundle " + bundle.getSymbolicName() + " did not start: "
                        + e.getMessage());
            }
        }
        framework.start();
        return framework;
    }

    static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) != 0) {
                framework.stop();
            }
            framework.waitForStop(STOP_TIMEOUT_MS);
        } catch (BundleException | InterruptedException e) {
            System.err.println("GeoRegistry: stopping failed: " + e.getMessage());
        }
    }

    private static Path libDirectory() throws URISyntaxException {
        return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }
}
