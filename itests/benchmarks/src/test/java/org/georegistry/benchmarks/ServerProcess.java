package org.georegistry.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.georegistry.itests.emulator.FreePort;

/**
 * The real server: the distribution archive extracted into a work folder and started with {@code bin/georegistry}
 * on a free port, as an administrator runs it, with a GC log to read its heap from.
 */
final class ServerProcess implements AutoCloseable {

    static final String PASSWORD = "bench-Password-1";
    /** A G1 pause line: {@code ... Pause Young (Normal) (G1 Evacuation Pause) 120M->30M(256M) 3.4ms}. */
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** The highest heap use the GC log shows: before a collection (all allocated) and after it (live data). */
    record HeapPeak(Long beforeGcMb, Long afterGcMb) {}

    private final Path home;
    private final Path gcLog;
    private final Process process;
    final int port;
    /** From the process start to the first 200 of /api/health, and of /api/me. */
    double healthSeconds;
    double readySeconds;

    private ServerProcess(Path home, Path gcLog, Process process, int port) {
        this.home = home;
        this.gcLog = gcLog;
        this.process = process;
        this.port = port;
    }

    /** Extracts the archive into {@code work} and sets a free port; answers the server's home. */
    static Path extract(Path archive, Path work) throws Exception {
        Files.createDirectories(work);
        run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()));
        Path home;
        try (var entries = Files.list(work)) {
            home = entries.filter(p -> Files.exists(p.resolve("bin/georegistry"))).findFirst().orElseThrow();
        }
        Path properties = home.resolve("etc/georegistry.properties");
        Files.writeString(properties, Files.readString(properties)
                .replaceAll("org.osgi.service.http.port=\\d+", "org.osgi.service.http.port=" + FreePort.pick()));
        return home;
    }

    /**
     * Runs {@code bin/georegistry} and waits until it is ready: {@code /api/me} answers 200 (it answers only once
     * storage and the REST runtime run; {@code /api/health} answers earlier). Both moments are kept.
     */
    static ServerProcess start(Path home, String javaOpts) throws Exception {
        Path work = home.getParent();
        String port = Files.readAllLines(home.resolve("etc/georegistry.properties")).stream()
                .filter(l -> l.startsWith("org.osgi.service.http.port=")).findFirst().orElseThrow().split("=")[1].trim();
        Path gcLog = work.resolve("gc.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/georegistry").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("GEOREGISTRY_ADMIN_PASSWORD", PASSWORD);
        env.put("JAVA_OPTS", javaOpts + " -Xlog:gc:file=" + gcLog);
        long start = System.nanoTime();
        ServerProcess server = new ServerProcess(home, gcLog, builder.start(), Integer.parseInt(port));
        // a benchmark that dies (or is stopped) must not leave a server behind
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly));
        Api api = server.api();
        long deadline = start + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            if (server.healthSeconds == 0 && api.status("/api/health") == 200) {
                server.healthSeconds = (System.nanoTime() - start) / 1e9;
            }
            if (server.healthSeconds > 0 && api.status("/api/me") == 200) {
                break;
            }
            if (System.nanoTime() > deadline || !server.process.isAlive()) {
                server.close();
                throw new IllegalStateException("The server did not start; see " + work.resolve("server.log"));
            }
            Thread.sleep(20);
        }
        server.readySeconds = (System.nanoTime() - start) / 1e9;
        return server;
    }

    Api api() {
        return new Api("http://127.0.0.1:" + port, "admin", PASSWORD);
    }

    /** CPU time the server's process has used so far (all its threads: the job, JIT compilers, GC), in seconds. */
    double cpuSeconds() {
        return Machine.cpuSeconds(process.toHandle());
    }

    long pid() {
        return process.pid();
    }

    /**
     * Drops feature folders into deploy/ the safe way (copied beside it, then moved in), one right after the other,
     * and waits until the provider of each type answers at {@code /api/providers/{type}}; answers the seconds from
     * the first move to the last provider visible.
     */
    double deploy(Map<String, Path> featuresByType) throws Exception {
        for (Map.Entry<String, Path> feature : featuresByType.entrySet()) {
            stage(feature.getKey(), feature.getValue());
        }
        Api api = api();
        long start = System.nanoTime();
        for (String type : featuresByType.keySet()) {
            moveIn(type);
        }
        for (String type : featuresByType.keySet()) {
            awaitSince(start, "The " + type + " provider did not appear",
                    () -> api.status("/api/providers/" + type) == 200);
        }
        return Bench.seconds(start);
    }

    /**
     * Waits until a first start has recorded its class-data-sharing archive ({@code data/cds/*.jsa}, moved into place
     * when complete): the recording stops the JVM for a second or two about 5 s after the start, which is a one-time
     * cost, not what a steady figure measured then should include. Answers the seconds waited.
     */
    double awaitClassDataArchive() throws Exception {
        if ("off".equals(System.getenv("GEOREGISTRY_CDS"))) {
            return 0; // the server inherits this environment: it records nothing
        }
        Path cds = home.resolve("data/cds");
        return awaitSince(System.nanoTime(), "No class-data archive recorded in " + cds + " after 60 s", () -> {
            if (!Files.isDirectory(cds)) {
                return false;
            }
            try (var files = Files.list(cds)) {
                return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
            }
        });
    }

    /**
     * Drops one feature folder into {@code deploy/} (staged beside it, then moved in) and waits until {@code path}
     * answers a body containing {@code marker}; answers the seconds that took.
     */
    double deploy(String name, Path feature, String path, String marker) throws Exception {
        stage(name, feature);
        Api api = api();
        long start = System.nanoTime();
        moveIn(name);
        return awaitSince(start, name + " did not appear in " + path, () -> api.get(path).toString().contains(marker));
    }

    /** Checks {@code done} every 20 ms until it holds, 60 s at most; answers the seconds since {@code start}. */
    private static double awaitSince(long start, String failure, Callable<Boolean> done) throws Exception {
        while (!done.call()) {
            if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(20);
        }
        return Bench.seconds(start);
    }

    /** Copies a feature folder's jars beside {@code deploy/}, so that moving them in is one atomic step. */
    private void stage(String name, Path feature) throws IOException {
        Path staging = home.resolve("staging-" + name);
        Files.createDirectories(staging);
        try (var jars = Files.list(feature)) {
            for (Path jar : jars.toList()) {
                Files.copy(jar, staging.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void moveIn(String name) throws IOException {
        Files.move(home.resolve("staging-" + name), home.resolve("deploy").resolve(name), StandardCopyOption.ATOMIC_MOVE);
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

    /**
     * The highest heap use the GC log shows since {@code mark}; when no collection happened (a short step), the
     * heap in use now (jcmd GC.heap_info) as the peak and no live figure.
     */
    HeapPeak heapPeakSince(long mark) throws IOException, InterruptedException {
        String log = Files.readString(gcLog);
        Matcher m = GC.matcher(log.substring((int) Math.min(mark, log.length())));
        long before = 0;
        long after = 0;
        boolean any = false;
        while (m.find()) {
            any = true;
            before = Math.max(before, Long.parseLong(m.group(1)));
            after = Math.max(after, Long.parseLong(m.group(2)));
        }
        return any ? new HeapPeak(before, after) : new HeapPeak(heapInUseMb(), null);
    }

    /** One line per heap (G1) or generation (Parallel, Serial: young and old), summed. */
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*[A-Za-z][\\w -]*?\\s+total \\d+K, used (\\d+)K");

    private long heapInUseMb() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = HEAP_USED.matcher(out);
        long usedKb = -1;
        while (m.find()) {
            usedKb = Math.max(usedKb, 0) + Long.parseLong(m.group(1));
        }
        if (usedKb < 0) {
            throw new IOException("Unexpected GC.heap_info: " + out);
        }
        return usedKb / 1024;
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

}
