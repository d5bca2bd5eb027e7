package org.georegistry.itests.console;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HAPI FHIR JPA test server (itests/fhir-server) run by its standalone main in a JVM of its own, on a free port:
 * Hibernate and Spring stay out of the test JVM, and it starts while the distribution starts. Its base URL is read
 * from the line the main prints once it answers.
 */
final class FhirServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("FHIR R4 server .* at (http://\\S+)");

    private final Process process;
    private final CompletableFuture<String> baseUrl = new CompletableFuture<>();

    private FhirServerProcess(Process process) {
        this.process = process;
        Thread copy = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                out.lines().forEach(line -> {
                    System.out.println("[fhir-server] " + line);
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        baseUrl.complete(m.group(1));
                    }
                });
            } catch (Exception e) {
                baseUrl.completeExceptionally(e);
            }
            baseUrl.completeExceptionally(new IllegalStateException("the FHIR server ended before it was ready"));
        }, "output of the FHIR server");
        copy.setDaemon(true);
        copy.start();
    }

    /** Starts FhirTestServerMain from its jar and the class path its module wrote (target/classpath.txt). */
    static FhirServerProcess start(Path jar, Path classpathFile) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = jar + File.pathSeparator + Files.readString(classpathFile).trim();
        Process p = new ProcessBuilder(java, "-Xmx768m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                "org.georegistry.itests.fhir.FhirTestServerMain", "--port", "0")
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new FhirServerProcess(p);
    }

    /** The FHIR base (http://127.0.0.1:port/fhir), waiting for the server to answer. */
    String baseUrl(Duration limit) throws Exception {
        try {
            return baseUrl.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the FHIR test server did not start within " + limit, e);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // its shutdown hook stops Jetty and Spring
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
