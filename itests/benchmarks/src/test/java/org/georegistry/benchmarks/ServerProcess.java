package org.georegistry.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server: the distribution archive extracted into a work folder and started with {@code bin/georegistry}
 * on a free port, as an administrator runs it, with a GC log to read its heap from.
 */
final class ServerProcess implements AutoCloseable {

    static final String PASSWORD = "bench-Password-1";
    /** A G1 pause line: {@code ... Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 3.4ms}. */
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The highest heap use the GC log shows: before a collection (all allocated) and after it (live data). */
    record HeapPeak(long beforeGcMb, long afterGcMb) {}

    private final Path home;
    private final Path gcLog;
    private final Process process;
    final int port;

    private ServerProcess(Path home, Path gcLog, Process process, int port) {
        this.home = home;
        this.gcLog = gcLog;
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(Path archive, Path work, String javaOpts) throws Exception {
        Files.createDirectories(work);
        run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
        Path home;
        try (var entries = Files.list(work)) {
            home = entries.filter(p -> Files.exists(p.resolve("bin/georegistry"))).findFirst().orElseThrow();
        }
        int port = freePort();
        Path properties = home.resolve("etc/georegistry.properties");
        Files.writeString(properties, Files.readString(properties)
                .replaceAll("org.osgi.service.http.port=\\d+", "org.osgi.service.http.port=" + port));
        Path gcLog = work.resolve("gc.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/georegistry").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("GEOREGISTRY_ADMIN_PASSWORD", PASSWORD);
        env.put("JAVA_OPTS", javaOpts + " -Xlog:gc:file=" + gcLog);
        ServerProcess server = new ServerProcess(home, gcLog, builder.start(), port);
        // a benchmark that dies (or is stopped) must not leave a server behind
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly));
        Api api = server.api();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        // /api/health answers before storage is ready; /api/me only once everything runs
        while (api.status("/api/me") != 200) {
            if (System.nanoTime() > deadline || !server.process.isAlive()) {
                server.close();
                throw new IllegalStateException("The server did not start; see " + work.resolve("server.log"));
            }
            Thread.sleep(200);
        }
        return server;
    }

    Api api() {
        return new Api("http://127.0.0.1:" + port, "admin", PASSWORD);
    }

    long pid() {
        return process.pid();
    }

    /** Drops a feature's jars into deploy/ the safe way: copied beside it, then moved in. */
    void deploy(Path featureFolder) throws IOException {
        Path deploy = home.resolve("deploy");
        try (var jars = Files.list(featureFolder)) {
            for (Path jar : jars.toList()) {
                Path temp = home.resolve(jar.getFileName() + ".tmp");
                Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static final Pattern FULL_GC = Pattern.compile("Pause Full \\(Diagnostic Command\\) (\\d+)M->(\\d+)M");

    /**
     * A full collection in the server (jcmd GC.run); answers the heap in use after it, in MB: the data the server
     * really holds at that moment (a young collection's figure also counts garbage already promoted).
     */
    long fullGc() throws IOException, InterruptedException {
        long mark = gcMark();
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid()), "GC.run"));
        for (int i = 0; i < 50; i++) {
            String log = Files.readString(gcLog);
            Matcher m = FULL_GC.matcher(log.substring((int) Math.min(mark, log.length())));
            if (m.find()) {
                return Long.parseLong(m.group(2));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("No full collection in " + gcLog);
    }

    /** Where the GC log ends now: {@link #heapPeakSince} reads only what comes after. */
    long gcMark() throws IOException {
        return Files.exists(gcLog) ? Files.size(gcLog) : 0;
    }

    HeapPeak heapPeakSince(long mark) throws IOException {
        String log = Files.readString(gcLog);
        Matcher m = GC.matcher(log.substring((int) Math.min(mark, log.length())));
        long before = 0;
        long after = 0;
        while (m.find()) {
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
        }
        return new HeapPeak(before, after);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: bin/georegistry exec'd the JVM, which stops cleanly
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed with " + p.exitValue());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
