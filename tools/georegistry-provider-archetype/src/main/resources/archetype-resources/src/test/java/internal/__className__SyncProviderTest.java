package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider against a real HTTP endpoint on loopback (the JDK's server), with an in-memory job. */
class ${className}SyncProviderTest {

    private static final String POINT = "{\"type\":\"Point\",\"coordinates\":[-11.7,8.0]}";

    private final ${className}SyncProvider provider = new ${className}SyncProvider();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** Status answered to the n-th POST (1-based); 200 when absent. */
    private final Map<Integer, Integer> statusOfPost = new HashMap<>();
    private final AtomicInteger posts = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/features", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            int status = 200;
            if ("POST".equals(exchange.getRequestMethod())) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                status = statusOfPost.getOrDefault(posts.incrementAndGet(), 200);
            } else if (!"Bearer s3cret".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
            }
            byte[] answer = (status == 200 ? "{}" : "{\"error\":\"bad feature\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Version", "2.1");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/features";
    }

    @Test
    void exportsParentsFirstInBatchesWithTheToken() throws Exception {
        Job job = new Job(url(), 2, false,
                object("region", "R1", null, null),
                object("district", "D1", "R1", POINT),
                object("district", "D2", "R1", POINT));
        provider.run(job);

        assertEquals(2, bodies.size(), "3 objects in batches of 2");
        assertTrue(bodies.get(0).indexOf("\"code\":\"R1\"") < bodies.get(0).indexOf("\"code\":\"D1\""));
        assertTrue(bodies.get(0).contains("\"parent\":\"R1\""), bodies.get(0));
        assertTrue(bodies.get(1).startsWith("{\"type\":\"FeatureCollection\""));
        assertEquals(List.of("Bearer s3cret", "Bearer s3cret"), authorizations);
        assertEquals(3, job.processed);
        assertEquals(1, job.errors.size(), "R1 has no geometry");
        assertEquals(ObjectError.Severity.WARNING, job.errors.get(0).severity());
        assertEquals("region", job.errors.get(0).typeCode());
    }

    @Test
    void aRefusedBatchIsReportedPerObjectAndTheJobGoesOn() throws Exception {
        statusOfPost.put(1, 422);
        Job job = new Job(url(), 1, false, object("district", "D1", null, POINT), object("district", "D2", null, POINT));
        provider.run(job);

        assertEquals(2, bodies.size());
        assertEquals(1, job.errors.size());
        ObjectError error = job.errors.get(0);
        assertEquals("D1", error.objectCode());
        assertEquals("HTTP_422", error.code());
        assertTrue(error.submitted().contains("\"code\":\"D1\""));
        assertEquals("{\"error\":\"bad feature\"}", error.response());
        assertEquals(2, job.processed);
    }

    @Test
    void aPeerBrieflyUnavailableGetsTheBatchAgain() throws Exception {
        statusOfPost.put(1, 503); // a proxy while the peer restarts: retried after 1 s (the retries setting)
        Job job = new Job(url(), 10, false, object("district", "D1", null, POINT));
        provider.run(job);
        assertEquals(2, bodies.size());
        assertEquals(bodies.get(0), bodies.get(1));
        assertTrue(job.errors.isEmpty(), job.errors.toString());
    }

    @Test
    void aDryRunSendsNothing() throws Exception {
        Job job = new Job(url(), 10, true, object("district", "D1", null, POINT));
        provider.run(job);
        assertTrue(bodies.isEmpty());
        assertEquals(1, job.processed);
    }

    @Test
    void aCancelledJobStopsBeforeTheNextBatch() throws Exception {
        Job job = new Job(url(), 1, false,
                object("district", "D1", null, POINT), object("district", "D2", null, POINT), object("district", "D3", null, POINT));
        job.cancelAfterPosts = 1;
        provider.run(job);
        assertEquals(1, bodies.size());
    }

    @Test
    void connectionTestReportsRefusedTokensAndUnreachableEndpointsWithoutThrowing() throws Exception {
        ConnectionTestResult ok = provider.testConnection(Settings.of(Map.of("url", url(), "token", "s3cret")));
        assertTrue(ok.ok(), ok.messages().toString());
        assertEquals("2.1", ok.version());
        ConnectionTestResult refused = provider.testConnection(Settings.of(Map.of("url", url(), "token", "wrong")));
        assertFalse(refused.ok());
        assertTrue(refused.messages().get(0).contains("401"), refused.messages().toString());
        int closedPort = server.getAddress().getPort();
        server.stop(0);
        ConnectionTestResult unreachable = provider.testConnection(Settings.of(Map.of("url", "http://127.0.0.1:" + closedPort + "/")));
        assertFalse(unreachable.ok());
        assertTrue(unreachable.messages().get(0).startsWith("Cannot reach"), unreachable.messages().toString());
        ConnectionTestResult malformed = provider.testConnection(Settings.of(Map.of("url", "not a url")));
        assertFalse(malformed.ok());
        assertTrue(malformed.messages().get(0).startsWith("The URL is not valid"), malformed.messages().toString());
    }

    @Test
    void settingsAreCheckedBeyondTheirDescriptors() {
        assertEquals("url", provider.validateSystemSettings(Settings.of(Map.of("url", "https://me:pw@example.org/x"))).get(0).field());
        assertTrue(provider.validateSystemSettings(Settings.of(Map.of("url", "https://example.org/x"))).isEmpty());
        assertTrue(provider.validateSystemSettings(Settings.of(Map.of("url", "not a url"))).isEmpty(), "the core reports it");
        assertEquals("batchSize", provider.validateConfigSettings(Settings.empty(), Settings.of(Map.of("batchSize", 0))).get(0).field());
        assertEquals("batchSize", provider.validateConfigSettings(Settings.empty(), Settings.of(Map.of("batchSize", 5000))).get(0).field());
        assertTrue(provider.validateConfigSettings(Settings.empty(), Settings.of(Map.of("batchSize", 500))).isEmpty());
        assertTrue(provider.systemSettings().stream().anyMatch(d -> d.name().equals("token") && d.secret()));
        // the timeouts and retries every provider offers, with the same names and ranges
        assertTrue(provider.systemSettings().stream().anyMatch(d -> d.name().equals(HttpTransport.READ_TIMEOUT)));
        assertEquals(HttpTransport.READ_TIMEOUT, provider.validateSystemSettings(Settings.of(Map.of(
                "url", "https://example.org/x", HttpTransport.READ_TIMEOUT, 0))).get(0).field());
    }

    static GeoObject object(String type, String code, String parent, String geometry) {
        List<ParentLink> parents = parent == null ? List.of() : List.of(new ParentLink("admin", "region", parent));
        return new GeoObject(type, code, new LocalizedText(Map.of("en", code + " name")), geometry,
                Map.of("population", 1200L), parents, LocalDate.of(2020, 1, 1), null, Instant.parse("2026-01-01T00:00:00Z"),
                Map.of());
    }

    /** What the core hands the provider, over a fixed list of objects already in parent-first order. */
    final class Job implements SyncJob, RegistryView {
        final String url;
        final int batchSize;
        final boolean dryRun;
        final List<GeoObject> objects;
        final List<ObjectError> errors = new ArrayList<>();
        long processed;
        int cancelAfterPosts = Integer.MAX_VALUE;

        Job(String url, int batchSize, boolean dryRun, GeoObject... objects) {
            this.url = url;
            this.batchSize = batchSize;
            this.dryRun = dryRun;
            this.objects = List.of(objects);
        }

        @Override public String id() { return "1"; }
        @Override public Settings systemSettings() { return Settings.of(Map.of("url", url, "token", "s3cret")); }
        @Override public Settings configSettings() { return Settings.of(Map.of("hierarchy", "admin", "batchSize", batchSize)); }
        @Override public String externalSystemId() { return "peer"; }
        @Override public Capability direction() { return Capability.EXPORT; }
        @Override public boolean dryRun() { return dryRun; }
        @Override public Optional<Instant> changedSince() { return Optional.empty(); }
        @Override public RegistryView registry() { return this; }
        @Override public Path dataDirectory() { return Path.of("target"); }
        @Override public void progress(String stage, long done, long total) { processed = done; }
        @Override public void objectError(ObjectError error) { errors.add(error); }
        @Override public boolean isCancelled() { return posts.get() >= cancelAfterPosts; }

        @Override
        public Stream<GeoObject> objectsParentFirst(String hierarchyCode, Optional<Instant> since) {
            return "admin".equals(hierarchyCode) ? objects.stream() : Stream.empty();
        }

        @Override public Stream<GeoObject> objects(String typeCode, Optional<Instant> since) { return Stream.empty(); }
        @Override public List<String> typesParentFirst(String hierarchyCode) { return List.of("region", "district"); }
        @Override public Optional<GeoObject> find(String typeCode, String code) { return Optional.empty(); }
        @Override public void saveExternalId(String typeCode, String code, String externalId) {}
        @Override public Map<String, String> externalIds(String typeCode) { return Map.of(); }
        @Override public Optional<GeoObject> findByExternalId(String externalId) { return Optional.empty(); }
        @Override public GeoObject save(GeoObjectChange change) { throw new IllegalStateException("an export job"); }
    }
}
