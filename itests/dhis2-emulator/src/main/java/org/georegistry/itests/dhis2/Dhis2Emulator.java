package org.georegistry.itests.dhis2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.georegistry.itests.emulator.LoopbackServer;

/**
 * A DHIS2 Web API on 127.0.0.1 for tests and benchmarks: organisation units, their levels, groups, attributes and
 * option sets, with DHIS2's validation and the ImportReport shape of the emulated release.
 *
 * <pre>
 * try (Dhis2Emulator dhis2 = Dhis2Emulator.start(new Dhis2Emulator.Config().version("2.40.5"))) {
 *     client.push(dhis2.baseUrl(), "admin", "district");
 *     assertEquals(3, dhis2.store().organisationUnitCount());
 * }
 * </pre>
 */
public final class Dhis2Emulator implements AutoCloseable {
    /** What to emulate. Without any user, admin:district (the DHIS2 demo account) is accepted. */
    public static final class Config {
        private String version = "2.40.5";
        private int port;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Map<String, String> tokens = new LinkedHashMap<>();
        private boolean loginRedirect;
        private long maxBodyBytes = 10L * 1024 * 1024;
        private final List<Path> seeds = new ArrayList<>();

        /** e.g. "2.31.9", "2.36.11", "2.37.7", "2.38.4", "2.40.5", "2.41.0" (or "41.0"). */
        public Config version(String dhis2Version) {
            Dhis2Version.parse(dhis2Version);
            this.version = dhis2Version;
            return this;
        }

        /** 0 (the default) takes a free port. */
        public Config port(int listenPort) {
            this.port = listenPort;
            return this;
        }

        public Config user(String username, String password) {
            users.put(username, password);
            return this;
        }

        /** A personal access token ({@code d2pat_...}) for a user; accepted only when emulating 2.37 or later. */
        public Config apiToken(String token, String username) {
            tokens.put(token, username);
            return this;
        }

        /** Answer bad credentials with a 302 to the login page, as DHIS2 does behind a browser-style setup. */
        public Config redirectToLoginOnBadCredentials(boolean redirect) {
            this.loginRedirect = redirect;
            return this;
        }

        /** Bodies above this size get a proxy's 413 (default 10 MB). */
        public Config maxBodyBytes(long bytes) {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** A metadata file in /api/metadata shape (e.g. fixtures/dhis2/e2e/setup-metadata.json) loaded at start. */
        public Config seed(Path metadataJson) {
            seeds.add(metadataJson);
            return this;
        }
    }

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // ~45 ms per small response. Read once by the JDK when its first HttpServer starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final LoopbackServer server;
    private final ApiHandler handler;
    private final Dhis2Store store;
    private final Faults faults;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String baseUrl;
    private final Dhis2Version version;

    private Dhis2Emulator(Config config) throws IOException {
        version = Dhis2Version.parse(config.version);
        store = new Dhis2Store();
        faults = new Faults();
        Map<String, String> users = config.users.isEmpty() ? Map.of("admin", "district") : config.users;
        handler = new ApiHandler(store, version, new Auth(users, config.tokens, version), faults,
                config.loginRedirect, config.maxBodyBytes, closed);
        for (Path seed : config.seeds) {
            seed(seed);
        }
        server = LoopbackServer.bind(config.port, 200, 8, 256, "dhis2-emulator");
        baseUrl = server.baseUrl();
        handler.baseUrl(baseUrl);
        server.start(handler);
    }

    public static Dhis2Emulator start(Config config) {
        try {
            return new Dhis2Emulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void seed(Path file) throws IOException {
        MetadataPayload payload;
        try (InputStream in = Files.newInputStream(file)) {
            payload = MetadataPayload.read(in);
        }
        ImportReport report = handler.importer().run(payload, ImportParams.defaults("admin"));
        if (report.status() != ImportReport.Status.OK) {
            throw new IllegalArgumentException("Seed " + file + " was rejected: "
                    + report.toJson(version, ImportParams.defaults("admin"), false));
        }
    }

    /** e.g. http://127.0.0.1:41234 ; the API is under /api. */
    public String baseUrl() {
        return baseUrl;
    }

    public String version() {
        return version.toString();
    }

    public Dhis2Store store() {
        return store;
    }

    public Faults faults() {
        return faults;
    }

    /** Requests received, whatever their outcome (faults and 401s included). */
    public int requestCount() {
        return handler.requestCount();
    }

    /** Requests received for one path, e.g. {@code /api/metadata} (API version segment and .json removed). */
    public int requestCount(String path) {
        return handler.requestCount(path);
    }

    public void resetCounters() {
        handler.resetCounters();
    }

    @Override
    public void close() {
        closed.countDown();
        server.close();
    }
}
