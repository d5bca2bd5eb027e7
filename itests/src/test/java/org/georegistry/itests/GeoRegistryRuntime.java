package org.georegistry.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.georegistry.itests.emulator.FreePort;
import org.ops4j.pax.exam.Option;

/**
 * Pax Exam options that start exactly the bundles of the distribution (read from the exported
 * {@code georegistry.jar}, with its start levels) in a forked Felix, on a free port, with FileInstall watching a
 * fresh {@code deploy/} folder.
 */
public final class GeoRegistryRuntime {

    public static final String PORT_PROPERTY = "itest.http.port";
    public static final String DEPLOY_PROPERTY = "itest.deploy.dir";
    public static final String EXAMPLE_JAR_PROPERTY = "itest.example.jar";
    public static final String DATA_PROPERTY = "georegistry.data";
    public static final String LOG_PROPERTY = "itest.log.file";

    /**
     * A client logged in as the first-start administrator, once the REST API answers: the server wrote the
     * generated password to {@code data/initial-admin-password}, as it does on a fresh installation.
     */
    public static Http admin(org.osgi.framework.BundleContext context) {
        Http anonymous = new Http(Integer.parseInt(context.getProperty(PORT_PROPERTY)));
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        try {
            Await.until("the REST API answers", 30_000, () -> {
                Http.Reply health = anonymous.get("/api/health");
                last.set(health.status() + " " + health.body().substring(0, Math.min(200, health.body().length())));
                return health.status() == 200;
            });
        } catch (AssertionError e) {
            // CI shows only the failure's message: say what the port answered and what the server logged
            throw new AssertionError(e.getMessage() + "; last answer of /api/health: " + last.get()
                    + "; server log ends with: " + logTail(context.getProperty(LOG_PROPERTY), 12), e);
        }
        Path file = Path.of(context.getProperty(DATA_PROPERTY), "initial-admin-password");
        Await.until("the initial admin password is written", 30_000, () -> Files.exists(file));
        try {
            return anonymous.as("admin", Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For JVMs that live seconds (containers, the SDK tests' Maven runs): C1 only, as the unit tests' argLine (parent
     * POM). C2 compiled ~9 s of CPU in RestApiIT's 8 s and never paid back.
     */
    static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

    private static final Pattern START_LEVEL = Pattern.compile("startlevel=(\\d+)");

    private GeoRegistryRuntime() {}

    /** Options for one container; {@code name} separates the work folders of test classes. */
    public static List<Option> options(String name) {
        return options(name, false);
    }

    /**
     * The options as Pax Exam takes them; call it last in a {@code @Configuration} method, as it claims the RMI port
     * pick of the fork that follows ({@link RmiPortPick}).
     */
    public static Option[] toFork(List<Option> options) {
        RmiPortPick.claim();
        return options.toArray(new Option[0]);
    }

    /**
     * Options for a container that serves sustained load (ConcurrencyIT's minute of 50 clients): its JVM keeps the
     * full tiered JIT, as the distribution runs, so that the figures it prints are the server's.
     */
    public static List<Option> optionsUnderLoad(String name) {
        return options(name, false, true);
    }

    /**
     * Options for one container; with {@code deployAsDistributed}, {@code deploy/} is watched as the distribution
     * watches it: FileInstall reads {@code etc/} for .cfg files, and the distribution's
     * {@code etc/org.apache.felix.fileinstall-deploy.cfg} (a configuration of its own, feature folders included) has
     * it watch {@code deploy/}.
     */
    public static List<Option> options(String name, boolean deployAsDistributed) {
        return options(name, deployAsDistributed, false);
    }

    /** A test's own folder under the integration tests' work folder ({@code -Dgeoregistry.work}). */
    static Path workFolder(String name) {
        return Path.of(System.getProperty("georegistry.work", "target/itest-work")).resolve(name).toAbsolutePath();
    }

    private static List<Option> options(String name, boolean deployAsDistributed, boolean fullJit) {
        Path work = workFolder(name);
        Path deploy = work.resolve("deploy");
        Path data = work.resolve("data");
        try {
            deleteTree(work);
            Files.createDirectories(deploy);
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = FreePort.pick();
        List<Option> options = new ArrayList<>();
        options.add(cleanCaches());
        if (!fullJit) {
            // RestApiIT 8.3-9.7 s -> 6.8-7.0 s, HostileInputIT's 10,000 requests 28-32 s -> 23-25 s
            options.add(vmOption(C1_ONLY));
        }
        options.add(junitBundles());
        // the distribution's beginning start level, so that what it leaves unstarted (Liquibase) stays so here
        Properties launch = launchProperties();
        options.add(frameworkStartLevel(beginningStartLevel(launch)));
        // Pax Exam's own logging would otherwise print every JDK HTTP client event at DEBUG
        options.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"));
        // the server's log goes to a file the tests can scan, as an administrator's logs/georegistry.log
        options.add(systemProperty("org.slf4j.simpleLogger.logFile").value(work.resolve("georegistry.log").toString()));
        options.add(systemProperty(LOG_PROPERTY).value(work.resolve("georegistry.log").toString()));
        options.add(systemProperty("org.osgi.service.http.port").value(Integer.toString(port)));
        options.add(systemProperty("org.apache.felix.http.host").value("127.0.0.1"));
        // the distribution's Jetty settings (e.g. its error pages' Connection: close), so that tests see its HTTP
        launch.forEach((key, value) -> {
            if (key.toString().startsWith("org.apache.felix.http.jetty.")) {
                options.add(systemProperty(key.toString()).value(value.toString()));
            }
        });
        options.add(systemProperty("georegistry.data").value(data.toString()));
        if (deployAsDistributed) {
            Path etc = work.resolve("etc");
            try {
                // the distribution's own file as shipped (deploy/ is ${georegistry.home}/deploy, polled every 250 ms)
                Files.createDirectories(etc);
                Files.copy(Path.of(required("georegistry.deploy.cfg")),
                        etc.resolve("org.apache.felix.fileinstall-deploy.cfg"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            options.add(systemProperty("georegistry.home").value(work.toString()));
            options.add(systemProperty("felix.fileinstall.dir").value(etc.toString()));
            options.add(systemProperty("felix.fileinstall.filter").value(".*\\.cfg"));
        } else {
            options.add(systemProperty("felix.fileinstall.dir").value(deploy.toString()));
        }
        options.add(systemProperty("felix.fileinstall.poll").value("200"));
        options.add(systemProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(systemProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(systemProperty("felix.fileinstall.log.level").value("3"));
        options.add(systemProperty(PORT_PROPERTY).value(Integer.toString(port)));
        options.add(systemProperty(DEPLOY_PROPERTY).value(deploy.toString()));
        options.add(systemProperty(EXAMPLE_JAR_PROPERTY).value(required("georegistry.example.jar")));
        for (RuntimeBundle b : runtimeBundles(work.resolve("bundles"))) {
            options.add(bundle(b.path().toUri().toString()).startLevel(b.startLevel()).start(!b.fragment()));
        }
        return options;
    }

    record RuntimeBundle(Path path, int startLevel, boolean fragment) {}

    private static int beginningStartLevel(Properties launch) {
        return Integer.parseInt(launch.getProperty("org.osgi.framework.startlevel.beginning", "10").trim());
    }

    /** The distribution's own run properties (its bndrun's), as its launcher reads them from the runtime jar. */
    static Properties launchProperties() {
        try (JarFile jar = new JarFile(Path.of(required("georegistry.runtime.jar")).toFile())) {
            return launchProperties(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties launchProperties(JarFile runtime) throws IOException {
        Properties launch = new Properties();
        try (InputStream in = runtime.getInputStream(runtime.getEntry("launcher.properties"))) {
            launch.load(in);
        }
        return launch;
    }

    /** Extracts the bundles of the exported runtime jar, in its order and with its start levels. */
    static List<RuntimeBundle> runtimeBundles(Path into) {
        Path runtime = Path.of(required("georegistry.runtime.jar"));
        List<RuntimeBundle> out = new ArrayList<>();
        try (JarFile jar = new JarFile(runtime.toFile())) {
            Properties launch = launchProperties(jar);
            String[] paths = launch.getProperty("launch.bundles").split(",");
            List<String> attrs = splitAttrs(launch.getProperty("launch.runbundles.attrs"));
            Files.createDirectories(into);
            for (int i = 0; i < paths.length; i++) {
                Path target = into.resolve(Path.of(paths[i]).getFileName().toString());
                try (InputStream in = jar.getInputStream(jar.getEntry(paths[i]))) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                Matcher m = START_LEVEL.matcher(i < attrs.size() ? attrs.get(i) : "");
                int level = m.find() ? Integer.parseInt(m.group(1)) : 2;
                boolean fragment;
                try (JarFile b = new JarFile(target.toFile())) {
                    fragment = b.getManifest().getMainAttributes().getValue("Fragment-Host") != null;
                }
                out.add(new RuntimeBundle(target, level, fragment));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the runtime jar " + runtime + "; build the distribution first", e);
        }
        return out;
    }

    /** Splits {@code a;version="1",b;version="2"} at the commas between bundles (none occur inside quotes). */
    private static List<String> splitAttrs(String attrs) {
        List<String> out = new ArrayList<>();
        if (attrs != null) {
            for (String part : attrs.split(",(?=[A-Za-z])")) {
                out.add(part);
            }
        }
        return out;
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (run through Maven failsafe)");
        }
        return value;
    }

    /** The last {@code lines} lines of a log file, or why there are none. */
    static String logTail(String file, int lines) {
        try {
            List<String> all = Files.readAllLines(Path.of(file));
            return String.join(" | ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
