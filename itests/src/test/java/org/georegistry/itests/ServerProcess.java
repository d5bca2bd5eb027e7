package org.georegistry.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.georegistry.itests.emulator.FreePort;

/**
 * The distribution archive unpacked and run as an administrator runs it ({@code bin/georegistry start}), with the
 * first administrator's password given through {@code GEOREGISTRY_ADMIN_PASSWORD}; and killed as a crash kills it.
 */
final class ServerProcess {

    static final String ADMIN_PASSWORD = "crash-test-admin";

    final Path home;
    final int port;

    private ServerProcess(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** Unpacks the archive into a fresh work folder of this name and sets a free port. */
    static ServerProcess unpack(String name) throws Exception {
        Path work = GeoRegistryRuntime.workFolder(name);
        GeoRegistryRuntime.deleteTree(work);
        Files.createDirectories(work);
        run(work, "tar", "xzf", GeoRegistryRuntime.required("georegistry.distribution.archive"));
        Path home;
        try (var dirs = Files.list(work)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        int port = FreePort.pick();
        Path properties = home.resolve("etc/georegistry.properties");
        Files.writeString(properties, Files.readString(properties)
                .replaceAll("(?m)^org\\.osgi\\.service\\.http\\.port=.*$", "org.osgi.service.http.port=" + port));
        return new ServerProcess(home, port);
    }

    /** Copies a feature folder into {@code deploy/} the way the README says: beside it first, then moved in. */
    void deploy(Path featureFolder) throws IOException {
        Path temp = home.resolve(featureFolder.getFileName() + ".tmp");
        try (Stream<Path> files = Files.walk(featureFolder)) {
            for (Path source : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = temp.resolve(featureFolder.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.move(temp, home.resolve("deploy").resolve(featureFolder.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Starts in the background and waits for a healthy answer; answers the milliseconds it took. */
    long start() throws Exception {
        return start(Map.of());
    }

    /** {@link #start()} with more environment, such as another {@code JAVA_HOME}. */
    long start(Map<String, String> environment) throws Exception {
        long started = System.nanoTime();
        launch(environment);
        Http admin = admin();
        // health answers first; the API is whole once an authenticated resource does
        Await.until("the server answers", 180_000, () -> admin.get("/api/me").status() == 200
                && admin.get("/api/organizations").status() == 200);
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** {@code bin/georegistry start}, without waiting for anything but the script. */
    void launch(Map<String, String> environment) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/georegistry", "start").directory(home.toFile()).inheritIO();
        pb.environment().put("GEOREGISTRY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().put("JAVA_OPTS", "-Xmx768m");
        pb.environment().putAll(environment);
        if (pb.start().waitFor() != 0) {
            throw new AssertionError("bin/georegistry start failed");
        }
    }

    long pid() throws IOException {
        return Long.parseLong(Files.readString(home.resolve("data/georegistry.pid")).trim());
    }

    /** SIGKILL: no shutdown hook, no clean stop, as a power cut or the OOM killer. */
    void kill() throws Exception {
        long pid = pid();
        run(home, "kill", "-KILL", Long.toString(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
    }

    void stop() throws Exception {
        run(home, "bin/georegistry", "stop");
    }

    Http admin() {
        return new Http(port).as("admin", ADMIN_PASSWORD);
    }

    /** Unchecked, so that a wait's condition can read it. */
    String log() {
        try {
            return Files.readString(home.resolve("logs/georegistry.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int run(Path dir, String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor();
    }
}
