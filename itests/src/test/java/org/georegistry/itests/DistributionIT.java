package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.Test;

/**
 * The archive a user downloads, run as a user runs it: unpacked, started with {@code bin/georegistry start}, asked
 * for its health, given a provider jar in {@code deploy/}, stopped with {@code bin/georegistry stop} (SIGTERM), and
 * started again, with a feature's zip added to {@code deploy/} (that start records a new class-data archive) and with
 * nothing changed (that start maps it). Prints the figures.
 */
public class DistributionIT {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Round 1 is a first run (it records the class-data archive); round 2 starts with a feature's zip left in
     * {@code deploy/} while the server was down, so deploy/ no longer matches the archive and this start records a new
     * one; round 3 changes nothing and maps that archive, feature classes included.
     */
    @Test
    public void theArchiveStartsServesHotDeploysAndStopsCleanly() throws Exception {
        // unpacked under a folder whose name has a space, as "/opt/Geo Registry" would: the script once split the
        // class-data archive's path there and the JVM did not start; the launcher's dump command split it too
        ServerProcess server = ServerProcess.unpack("distribution in a folder with spaces");
        Path home = server.home;
        int port = server.port;
        Path cds = home.resolve("data/cds");
        // outside the home: JAVA_OPTS is split at spaces, as a shell would
        Path classLoadLog = GeoRegistryRuntime.workFolder("distribution-class-load.txt");
        Files.deleteIfExists(classLoadLog);

        assertBundleJarsAreStored(home.resolve("lib/bundles"));
        String firstArchive = null;
        String secondArchive = null;
        for (int round = 1; round <= 3; round++) {
            if (round == 2) {
                // a feature's zip left in deploy/ while the server was down is installed as it starts
                Files.copy(Path.of(GeoRegistryRuntime.required("georegistry.dhis2.feature.zip")),
                        home.resolve("deploy/georegistry-feature-dhis2.zip"));
            }
            long started = System.nanoTime();
            // round 3 logs where each class came from: the class-data archive or a jar
            Map<String, String> env = round < 3 ? Map.of()
                    : Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLoadLog);
            Output start = runCapturing(env, home, "bin/georegistry", "start");
            assertEquals(start.text(), 0, start.status());
            // the first start has no logs/georegistry.log yet: the script must say nothing about it
            assertTrue(start.text(), start.text().startsWith("GeoRegistry started (pid ")
                    && !start.text().contains("No such"));
            String health = awaitHealth(port, started);
            long ready = (System.nanoTime() - started) / 1_000_000;
            assertTrue(health, health.contains("\"status\":\"UP\""));
            System.out.println("FIGURE distribution start-to-health-ms (round " + round + ") " + ready);
            // the collector the launcher chose (JAVA_OPTS names none here)
            List<String> jvmArguments = ProcessHandle.of(server.pid()).orElseThrow().info().arguments().map(List::of)
                    .orElseThrow();
            assertTrue(jvmArguments.toString(), jvmArguments.contains("-XX:+UseParallelGC"));

            if (round == 1) {
                // written when the authentication component starts, which may be just after health answers
                Await.until("the initial admin password is written", 60_000,
                        () -> Files.exists(home.resolve("data/initial-admin-password")));
                String password = Files.readString(home.resolve("data/initial-admin-password")).trim();
                // the storage is open once that password is written: status says so, from GET /api/health
                Output status = runCapturing(Map.of(), home, "bin/georegistry", "status");
                assertEquals(status.text(), 0, status.status());
                assertTrue(status.text(), status.text().startsWith("GeoRegistry runs (pid " + server.pid() + ")")
                        && status.text().contains("\"storage\":\"UP\""));
                Path jar = Path.of(GeoRegistryRuntime.required("georegistry.example.jar"));
                Files.copy(jar, home.resolve("deploy/.example.tmp"), StandardCopyOption.REPLACE_EXISTING);
                Files.move(home.resolve("deploy/.example.tmp"), home.resolve("deploy/example.jar"),
                        StandardCopyOption.ATOMIC_MOVE);
                long dropped = System.nanoTime();
                String providers = "";
                while (!providers.contains("\"example\"") && System.nanoTime() - dropped < 30_000_000_000L) {
                    providers = get(port, "/api/providers", "admin:" + password).body();
                    Thread.sleep(50);
                }
                assertTrue(providers, providers.contains("\"type\":\"example\""));
                System.out.println("FIGURE distribution hot-deploy-ms " + (System.nanoTime() - dropped) / 1_000_000);
                // the first run records the class-data archive in the background, a few seconds after start
                firstArchive = awaitArchive(cds, null);
            } else {
                String credentials = "admin:" + Files.readString(home.resolve("data/initial-admin-password")).trim();
                Await.until("the DHIS2 feature zip's provider and the example jar's after the restart", 30_000, () -> {
                    try {
                        String providers = get(port, "/api/providers", credentials).body();
                        return providers.contains("\"type\":\"dhis2\"") && providers.contains("\"type\":\"example\"");
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                System.out.println("FIGURE distribution start-to-zip-feature-ms (round " + round + ") "
                        + (System.nanoTime() - started) / 1_000_000);
                if (round == 2) {
                    // deploy/ changed since the first archive: this start maps none and records a new one
                    secondArchive = awaitArchive(cds, firstArchive);
                } else {
                    assertEquals("the archive round 2 recorded, mapped by this start", List.of(secondArchive),
                            archives(cds));
                    assertClassesComeFromTheArchive(classLoadLog);
                }
            }

            long stopping = System.nanoTime();
            // the script sends SIGTERM and answers 0 only if the JVM ended by itself (it kills it after 20 s)
            assertEquals(0, run(home, "bin/georegistry", "stop"));
            System.out.println("FIGURE distribution stop-ms (round " + round + ") " + (System.nanoTime() - stopping) / 1_000_000);
        }
        String log = Files.readString(home.resolve("logs/georegistry.log"));
        assertTrue("no bundle failed to start:\n" + log, !log.contains("did not start") && !log.contains("Exception"));
    }

    /**
     * Felix HTTP only logs a port it cannot bind and runs on without a web server; the launcher checks first, so
     * {@code start} fails at once and says why, with nothing left running.
     */
    @Test
    public void aTakenOrMistypedPortStopsTheStartWithAMessage() throws Exception {
        ServerProcess server = ServerProcess.unpack("distribution-port");
        Path home = server.home;
        try (ServerSocket taken = new ServerSocket(server.port, 50, InetAddress.getByName("127.0.0.1"))) {
            Output out = runCapturing(home, "bin/georegistry", "start");
            assertEquals(out.text(), 1, out.status());
            assertTrue(out.text(), out.text().contains("cannot listen on 127.0.0.1:" + server.port
                    + " (org.osgi.service.http.port)"));
            assertTrue(out.text(), out.text().contains("Address already in use"));
            assertTrue("no pid file is left", !Files.exists(home.resolve("data/georegistry.pid")));
            assertEquals(3, runCapturing(home, "bin/georegistry", "status").status());
        }
        Path properties = home.resolve("etc/georegistry.properties");
        Files.writeString(properties, Files.readString(properties)
                .replaceAll("(?m)^org\\.osgi\\.service\\.http\\.port=.*$", "org.osgi.service.http.port=81x1"));
        Output mistyped = runCapturing(home, "bin/georegistry", "start");
        assertEquals(mistyped.text(), 1, mistyped.status());
        assertTrue(mistyped.text(), mistyped.text().contains("org.osgi.service.http.port=81x1 is not a port number"));
    }

    /**
     * The launcher runs the parallel collector (it starts the server sooner than G1 on 2 cores); a collector named in
     * {@code JAVA_OPTS} replaces it, as the JVM refuses two ("Conflicting collector combinations"). A stand-in
     * {@code java} under {@code JAVA_HOME} writes down the command the launcher builds.
     */
    @Test
    public void theLauncherRunsTheParallelCollectorUnlessJavaOptsNamesOne() throws Exception {
        ServerProcess server = ServerProcess.unpack("distribution-launcher");
        Path jdk = server.home.resolveSibling("recording-jdk");
        Path args = jdk.resolve("args.txt");
        Files.createDirectories(jdk.resolve("bin"));
        Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + args + "'\n");
        assertTrue(java.toFile().setExecutable(true));

        Map<String, List<String>> collectors = new LinkedHashMap<>();
        for (String javaOpts : new String[] {"", "-Xmx512m", "-Xmx512m -XX:+UseG1GC", "-XX:+UseSerialGC",
                "-XX:+UseGCOverheadLimit"}) {
            Output run = runCapturing(Map.of("JAVA_HOME", jdk.toString(), "JAVA_OPTS", javaOpts), server.home,
                    "bin/georegistry", "run");
            assertEquals(run.text(), 0, run.status());
            collectors.put(javaOpts,
                    Files.readAllLines(args).stream().filter(a -> a.matches("-XX:\\+Use[A-Za-z0-9]*GC")).toList());
        }
        // -XX:+UseGCOverheadLimit tunes the collector, it names none
        assertEquals(Map.of("", List.of("-XX:+UseParallelGC"), "-Xmx512m", List.of("-XX:+UseParallelGC"),
                "-Xmx512m -XX:+UseG1GC", List.of("-XX:+UseG1GC"), "-XX:+UseSerialGC", List.of("-XX:+UseSerialGC"),
                "-XX:+UseGCOverheadLimit", List.of("-XX:+UseParallelGC")), collectors);
    }

    /** The start reads its classes from these jars: the build stores them uncompressed (StoreJars.java). */
    private static void assertBundleJarsAreStored(Path bundles) throws IOException {
        try (var jars = Files.list(bundles)) {
            for (Path jar : jars.filter(f -> f.toString().endsWith(".jar")).toList()) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    zip.stream().filter(e -> e.getMethod() != ZipEntry.STORED).findFirst().ifPresent(e -> {
                        throw new AssertionError(jar.getFileName() + " deflates " + e.getName());
                    });
                }
            }
        }
    }

    /**
     * The archive must hold the bundle classes a start loads, including those it loads without linking them (a dump
     * on request leaves those out unless the launcher links them first): of the classes this start took from the
     * archive's own layer or read from a jar in lib/bundles, at most 15 % may come from the jars (1.4 % here now, 71
     * of 5,138; 28 % by hand before the launcher linked them, 41 % here when the dump came mid-start). The DHIS2
     * feature's classes, installed from deploy/ when the archive was recorded, must come from it too.
     */
    private static void assertClassesComeFromTheArchive(Path classLog) throws IOException {
        long fromArchive = 0;
        long fromJars = 0;
        long dhis2FromArchive = 0;
        for (String line : Files.readAllLines(classLog)) {
            if (line.endsWith("source: shared objects file (top)")) {
                fromArchive++;
                if (line.contains(" org.georegistry.sync.dhis2.")) {
                    dhis2FromArchive++;
                }
            } else if (line.contains("source: file:") && line.contains("/lib/bundles/")) {
                fromJars++;
            }
        }
        System.out.println("FIGURE distribution classes-from-archive (round 3) " + fromArchive
                + " classes-from-bundle-jars " + fromJars + " dhis2-feature-classes-from-archive " + dhis2FromArchive);
        assertTrue(fromJars + " classes read from lib/bundles, " + fromArchive + " from the archive",
                fromArchive > 0 && fromJars * 100 <= 15 * (fromJars + fromArchive));
        assertTrue("no class of the DHIS2 feature came from the archive", dhis2FromArchive > 0);
    }

    private record Output(int status, String text) {}

    private static Output runCapturing(Path dir, String... command) throws IOException, InterruptedException {
        return runCapturing(Map.of(), dir, command);
    }

    private static Output runCapturing(Map<String, String> env, Path dir, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Output(p.waitFor(), text);
    }

    /** The archives in {@code data/cds}, by file name. */
    private static List<String> archives(Path cds) throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (var files = Files.list(cds)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jsa")).sorted().toList();
        }
    }

    /** Waits until one archive other than {@code replaced} is in {@code data/cds}, and answers its name. */
    private static String awaitArchive(Path cds, String replaced) throws Exception {
        Await.until("a class-data archive is recorded" + (replaced == null ? "" : " in place of " + replaced), 90_000,
                () -> {
                    try {
                        List<String> names = archives(cds);
                        return names.size() == 1 && !names.get(0).equals(replaced);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return archives(cds).get(0);
    }

    private static String awaitHealth(int port, long since) throws Exception {
        while (System.nanoTime() - since < 120_000_000_000L) {
            try {
                HttpResponse<String> r = get(port, "/api/health", null);
                if (r.statusCode() == 200) {
                    return r.body();
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no healthy answer within 120 s");
    }

    private static HttpResponse<String> get(int port, String path, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        return p.waitFor();
    }
}
