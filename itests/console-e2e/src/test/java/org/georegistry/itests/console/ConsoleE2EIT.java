package org.georegistry.itests.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.emulator.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console as an administrator uses it, in a real browser against the real server: the distribution archive is
 * unpacked and started with the DHIS2, FHIR and mCSD transformation features in deploy/, a DHIS2 emulator runs in
 * this JVM and a HAPI FHIR JPA server in its own, the registry gets a small hierarchy through the REST API, and
 * e2e/console.e2e.mjs (playwright-core driving Debian's Chromium) signs in, registers the DHIS2, downloads its app,
 * configures levels and an attribute mapping from DHIS2's live options, runs it and reads the job and its errors,
 * registers the FHIR server, exports to it and downloads the Bundle, reads the providers, then checks what a
 * read-only user of the organization sees. This test then checks the org units DHIS2 received and the Locations on
 * the FHIR server. Skipped, saying why, where Chromium or Node.js is missing (CI installs both as root).
 */
class ConsoleE2EIT {

    static final String ADMIN_PASSWORD = "console-Admin-42";
    static final String DHIS2_PASSWORD = "district";
    /** Must match FHIR_SYSTEM in console.e2e.mjs: the identifier system the browser registers. */
    static final String FHIR_SYSTEM = "https://registry.example.org/code";
    static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path home;
    static int port;
    static Dhis2Emulator dhis2;
    static FhirServerProcess fhir;
    static String fhirUrl;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), () -> skip("no Chromium at " + CHROMIUM
                + " (apt-get install chromium; run-tests.sh does so as root)"));
        assumeTrue(runs("node", "--version") && runs("npm", "--version"), () -> skip("no node/npm on the PATH"
                + " (apt-get install nodejs npm; run-tests.sh does so as root)"));
        Path work = Path.of(required("e2e.work")).toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        // Hibernate takes a while: the FHIR server starts first, in its own JVM, while the rest gets ready
        fhir = FhirServerProcess.start(Path.of(required("e2e.fhir.server.jar")),
                Path.of(required("e2e.fhir.server.classpath")));
        installPlaywright(work.resolve("node"));

        run(work, Duration.ofMinutes(1), "tar", "xzf", required("e2e.distribution.archive"));
        try (Stream<Path> dirs = Files.list(work)) {
            home = dirs.filter(d -> d.getFileName().toString().startsWith("georegistry-")).findFirst().orElseThrow();
        }
        copyFeature(Path.of(required("e2e.dhis2.feature")), home.resolve("deploy/dhis2"));
        copyFeature(Path.of(required("e2e.fhir.feature")), home.resolve("deploy/fhir"));
        copyFeature(Path.of(required("e2e.mcsd.feature")), home.resolve("deploy/fhir-mcsd"));
        port = FreePort.pick();
        Path properties = home.resolve("etc/georegistry.properties");
        Files.writeString(properties, Files.readString(properties)
                .replaceAll("(?m)^org\\.osgi\\.service\\.http\\.port=.*$", "org.osgi.service.http.port=" + port));
        dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().port(0).version("2.40.5").user("admin", DHIS2_PASSWORD)
                .seed(Path.of(ConsoleE2EIT.class.getResource("/dhis2-seed.json").toURI())));
        ProcessBuilder server = new ProcessBuilder("bin/georegistry", "start").directory(home.toFile());
        server.environment().put("GEOREGISTRY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // started once from a fresh unpack: recording a class-data archive (a pause of every thread) gains nothing here
        server.environment().put("GEOREGISTRY_CDS", "off");
        assertEquals(0, finish(server, Duration.ofMinutes(1)), "bin/georegistry start");
        long started = System.nanoTime();
        while (!providerUp("dhis2") || !providerUp("fhir")) {
            assertTrue(System.nanoTime() - started < 90_000_000_000L, "the server and its providers within 90 s");
            Thread.sleep(100);
        }
        seedRegistry();
        fhirUrl = fhir.baseUrl(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (home != null) {
            // a clean stop is DistributionIT's to prove; here a stop that needed SIGKILL is reported, not a failure
            int stopped = finish(new ProcessBuilder("bin/georegistry", "stop").directory(home.toFile()), Duration.ofSeconds(40));
            if (stopped != 0) {
                System.out.println("WARNING: bin/georegistry stop answered " + stopped + " (see " + home.resolve("logs") + ")");
            }
        }
        if (dhis2 != null) {
            dhis2.close();
        }
        if (fhir != null) {
            fhir.close();
        }
    }

    @Test
    void anAdministratorSetsUpAndRunsADhis2SynchronizationInTheBrowser() throws Exception {
        long began = System.nanoTime();
        Path screenshots = Path.of(required("e2e.screenshots"));
        deleteTree(screenshots);
        Files.createDirectories(screenshots);
        // each metadata import takes a while, so the browser sees the first job running before it ends
        dhis2.faults().delay("/api/metadata", Duration.ofMillis(1500));
        // run beside its node_modules: ES modules resolve packages from the script's folder (NODE_PATH is ignored)
        Path node = Path.of(required("e2e.work"), "node");
        Files.copy(Path.of(required("e2e.scripts"), "e2e", "console.e2e.mjs"), node.resolve("console.e2e.mjs"),
                StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder script = new ProcessBuilder("node", "console.e2e.mjs").directory(node.toFile());
        script.environment().put("EXAMPLE_JAR", required("e2e.example.jar"));
        script.environment().put("DEPLOY_DIR", home.resolve("deploy").toString());
        script.environment().putAll(Map.of(
                "CONSOLE_URL", "http://127.0.0.1:" + port + "/",
                "ADMIN_PASSWORD", ADMIN_PASSWORD,
                "READER_PASSWORD", ADMIN_PASSWORD + "-reader",
                "DHIS2_URL", dhis2.baseUrl(),
                "FHIR_URL", fhirUrl,
                "DHIS2_PASSWORD", DHIS2_PASSWORD,
                "SCREENSHOTS", screenshots.toString(),
                "CHROMIUM", CHROMIUM));
        assertEquals(0, finish(script, Duration.ofSeconds(150)),
                "console.e2e.mjs failed (its output is above; screenshots in " + screenshots + ")");

        // what DHIS2 received from the run started in the browser
        assertEquals(5, dhis2.store().organisationUnitCount(), "org units in the emulator");
        var facility = dhis2.store().organisationUnitByCode("F1").orElseThrow();
        assertEquals("1200", facility.attributeValue("AtPopulat01"), "the attribute mapping made in the form");
        assertEquals(facility.id(), externalId("facility", "F1"), "the registry recorded DHIS2's id");
        // what the FHIR server received from the export run in the browser, read back from the server itself
        JsonNode locations = JSON.readTree(CLIENT.send(HttpRequest.newBuilder(URI.create(fhirUrl
                + "/Location?_count=50&identifier=" + FHIR_SYSTEM + "%7C")).header("Accept", "application/fhir+json")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body());
        Map<String, JsonNode> byCode = new java.util.TreeMap<>();
        locations.path("entry").forEach(e -> e.path("resource").path("identifier").forEach(i -> {
            if (FHIR_SYSTEM.equals(i.path("system").asText())) {
                byCode.put(i.path("value").asText(), e.path("resource"));
            }
        }));
        assertEquals(List.of("D1", "D2", "F1", "F2", "F3", "P1"), List.copyOf(byCode.keySet()), "Locations on the FHIR server");
        assertEquals("Makeni Hospital", byCode.get("F1").path("name").asText());
        assertEquals("Location/" + byCode.get("D1").path("id").asText(),
                byCode.get("F1").path("partOf").path("reference").asText(), "the facility is part of its district");
        try (Stream<Path> shots = Files.list(screenshots)) {
            assertTrue(shots.count() >= 14, "a screenshot per step in " + screenshots);
        }
        System.out.println("FIGURE console e2e browser-script-ms " + (System.nanoTime() - began) / 1_000_000);
    }

    /** A 401 to the console (X-Requested-With) must not carry the Basic challenge that opens the browser's dialog. */
    @Test
    void scriptsGetNoBasicChallengeSoTheBrowserShowsTheConsoleLogin() throws Exception {
        HttpResponse<String> plain = send(HttpRequest.newBuilder(uri("/api/me")).GET());
        HttpResponse<String> script = send(HttpRequest.newBuilder(uri("/api/me")).header("X-Requested-With",
                "XMLHttpRequest").GET());
        assertEquals(401, plain.statusCode());
        assertEquals(401, script.statusCode());
        assertTrue(plain.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertFalse(script.headers().firstValue("WWW-Authenticate").orElse("").contains("Basic"),
                script.headers().map().toString());
        assertTrue(script.body().contains("\"status\":401"), script.body());
    }

    /** The console is served at / with its security headers, and /api still answers beside it. */
    @Test
    void theConsoleIsServedAtTheRootBesideTheApi() throws Exception {
        HttpResponse<String> index = send(HttpRequest.newBuilder(uri("/")).GET());
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("js/main.js"), index.body());
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        String etag = index.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, send(HttpRequest.newBuilder(uri("/index.html")).header("If-None-Match", etag).GET()).statusCode());
        HttpResponse<String> module = send(HttpRequest.newBuilder(uri("/js/api.js")).GET());
        assertEquals("text/javascript; charset=utf-8", module.headers().firstValue("Content-Type").orElse(""));
        int outside = send(HttpRequest.newBuilder(uri("/js/../../etc/passwd")).GET()).statusCode();
        assertTrue(outside == 400 || outside == 404, "a path out of the console: " + outside);
        assertEquals(404, send(HttpRequest.newBuilder(uri("/no-such-page.html")).GET()).statusCode());
        assertTrue(get("/api/health", false).body().contains("\"status\":\"UP\""));
    }

    private static void seedRegistry() throws Exception {
        post("/api/organizations", "{\"code\":\"moh\",\"label\":\"Ministry of Health\"}");
        post("/api/organizations", "{\"code\":\"mof\",\"label\":\"Ministry of Finance\"}");
        String[][] types = {{"province", "MULTIPOLYGON", ""}, {"district", "MULTIPOLYGON", ""},
            {"facility", "POINT", ",\"attributes\":[{\"code\":\"population\",\"label\":\"Population\",\"type\":\"integer\"}]"}};
        for (String[] t : types) {
            post("/api/geo-object-types", "{\"code\":\"" + t[0] + "\",\"organization\":\"moh\",\"label\":\""
                    + Character.toUpperCase(t[0].charAt(0)) + t[0].substring(1) + "\",\"geometryType\":\"" + t[1] + "\"" + t[2] + "}");
        }
        post("/api/hierarchies", "{\"code\":\"ADMIN\",\"organization\":\"moh\",\"label\":\"Administrative\",\"nodes\":["
                + "{\"type\":\"province\",\"parent\":null},{\"type\":\"district\",\"parent\":\"province\"},"
                + "{\"type\":\"facility\",\"parent\":\"district\"}]}");
        String point = "{\"type\":\"Point\",\"coordinates\":[-12.04,8.88]}";
        object("province", "P1", "Northern", null, "");
        object("district", "D1", "Bombali", "P1", "");
        object("district", "D2", "Tonkolili", "P1", "");
        object("facility", "F1", "Makeni Hospital", "D1", ",\"geometry\":" + point + ",\"attributes\":{\"population\":1200}");
        object("facility", "F2", "Magburaka Clinic", "D2", ",\"geometry\":" + point + ",\"attributes\":{\"population\":300}");
        // a read-only user of the organization, and another organization's system they must not see
        post("/api/users", "{\"username\":\"reader\",\"password\":\"" + ADMIN_PASSWORD + "-reader\",\"organization\":"
                + "\"moh\",\"roles\":[\"RC\"]}");
        post("/api/external-systems", "{\"id\":\"finance-dhis2\",\"type\":\"dhis2\",\"organization\":\"mof\",\"label\":"
                + "\"Finance DHIS2\",\"settings\":{\"url\":\"" + dhis2.baseUrl() + "\",\"username\":\"admin\",\"password\":\""
                + DHIS2_PASSWORD + "\"}}");
    }

    private static void object(String type, String code, String label, String parent, String extra) throws Exception {
        post("/api/geo-objects", "{\"type\":\"" + type + "\",\"code\":\"" + code + "\",\"label\":\"" + label + "\""
                + (parent == null ? "" : ",\"parents\":{\"ADMIN\":\"" + parent + "\"}") + extra + "}");
    }

    private static String externalId(String type, String code) throws Exception {
        JsonNode ids = JSON.readTree(get("/api/geo-objects/" + type + "/" + code + "/external-ids", true).body());
        return ids.path("dhis2").asText();
    }

    private static void post(String path, String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)).header("Authorization", admin())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, path + " → " + r.statusCode() + " " + r.body());
    }

    private static boolean providerUp(String type) throws Exception {
        try {
            return get("/api/providers/" + type, true).body().contains("\"type\":\"" + type + "\"");
        } catch (IOException notYet) {
            return false; // the port is not open yet
        }
    }

    private static HttpResponse<String> get(String path, boolean authenticated) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (authenticated) {
            b.header("Authorization", admin());
        }
        return send(b);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Installs playwright-core from the lock file into work/node (npm's cache makes later runs quick). */
    private static void installPlaywright(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path scripts = Path.of(required("e2e.scripts"));
        for (String file : List.of("package.json", "package-lock.json")) {
            Files.copy(scripts.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(dir, Duration.ofMinutes(3), "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error");
    }

    private static void copyFeature(Path target, Path deploy) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> all = Files.walk(target)) {
            all.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
        }
        assertFalse(jars.isEmpty(), "no DHIS2 feature jars under " + target + "; build features/org.georegistry.feature.dhis2");
        Files.createDirectories(deploy);
        for (Path jar : jars) {
            Files.copy(jar, deploy.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void run(Path dir, Duration limit, String... command) throws Exception {
        assertEquals(0, finish(new ProcessBuilder(command).directory(dir.toFile()), limit), String.join(" ", command));
    }

    /**
     * Runs a command to its end and answers its exit code, its output copied line by line to this JVM's output:
     * a child must not inherit the forked test JVM's stdin or stdout, which are the test runner's channel.
     */
    private static int finish(ProcessBuilder command, Duration limit) throws Exception {
        Process p = command.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        Thread copy = new Thread(() -> new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(System.out::println), "output of " + command.command().get(0));
        copy.start();
        if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command.command()) + " did not finish within " + limit);
        }
        copy.join(5_000);
        return p.exitValue();
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String skip(String why) {
        String message = "Console end-to-end tests SKIPPED: " + why;
        System.out.println(message);
        return message;
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("System property " + property + " is not set (run through mvn verify)");
        }
        return value;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
