package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.PeerUnavailableException;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.fhir.FhirTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A FHIR server behind a proxy on a bad day ({@link AuthGateway}'s faults before a real HAPI JPA server): the
 * configured timeouts apply to every call, transient failures are retried with a growing wait, and a server that
 * stays down fails the job with a clear message the core reports as CONNECTION_FAILED.
 */
class ReliabilityTest {

    private static FhirTestServer fhir;
    private static AuthGateway gateway;
    private final FhirSyncProvider provider = new FhirSyncProvider(Duration.ofMillis(20));
    private final String system = "https://registry.example.org/" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        fhir = FhirTestServer.shared();
        gateway = new AuthGateway(fhir.baseUrl());
        // a cold JPA server takes seconds to build its first CapabilityStatement: longer than the timeouts below
        new FhirSyncProvider().testConnection(Settings.of(Map.of("url", fhir.baseUrl(), "system", "https://x.org/c")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void noFaults() {
        gateway.faults.clear();
        gateway.slowTokens.set(0);
    }

    private Settings settings(String url, Object... more) {
        Map<String, Object> values = new HashMap<>(Map.of("url", url, "system", system));
        for (int i = 0; i < more.length; i += 2) {
            values.put((String) more[i], more[i + 1]);
        }
        return Settings.of(values);
    }

    private TestJob job(Settings settings) {
        return SampleHierarchy.fill(new TestJob(settings, Settings.of(Map.of("hierarchy", TestJob.HIERARCHY,
                "batchSize", 4)), SampleHierarchy.TYPES), 1, 1);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aServerSlowerThanTheReadTimeoutFailsTheConnectionTestNamingTheTimeout() {
        gateway.faults.add(AuthGateway.Fault.SLOW);
        long start = System.nanoTime();
        ConnectionTestResult result = provider.testConnection(settings(gateway.url("faulty"), "readTimeoutSeconds", 1));
        assertFalse(result.ok());
        assertEquals("Cannot reach the FHIR server at " + gateway.url("faulty") + ": no answer to metadata within 1 s",
                result.messages().get(0));
        assertTrue(millisSince(start) < AuthGateway.SLOW_BY.toMillis(), "gave up before the answer came");
    }

    /** The JDK's own request timeout stops at the headers; the provider's covers the body too. */
    @Test
    void aBodyThatStallsTimesOutToo() {
        gateway.faults.add(AuthGateway.Fault.STALLED_BODY);
        long start = System.nanoTime();
        ConnectionTestResult result = provider.testConnection(settings(gateway.url("faulty"), "readTimeoutSeconds", 1,
                "connectTimeoutSeconds", 1));
        assertFalse(result.ok());
        assertTrue(result.messages().get(0).endsWith("no answer to metadata within 1 s"), result.messages().toString());
        assertTrue(millisSince(start) < 5000, "within connect + read timeouts: " + millisSince(start) + " ms");
    }

    @Test
    void theTokenEndpointHasTheTimeoutsToo() {
        gateway.slowTokens.set(1);
        ConnectionTestResult result = provider.testConnection(settings(gateway.url("oauth"), "auth", "oauth2",
                "tokenUrl", gateway.url("token"), "clientId", AuthGateway.CLIENT_ID, "clientSecret",
                AuthGateway.CLIENT_SECRET, "readTimeoutSeconds", 1));
        assertFalse(result.ok());
        assertEquals("Cannot reach the OAuth2 token endpoint " + gateway.url("token") + ": no answer within 1 s",
                result.messages().get(0));
    }

    @Test
    void transientFailuresAreRetriedAndTheExportSucceeds() throws Exception {
        // the capability read meets the proxy's error page, the second transaction a timeout, then a 502 again
        gateway.faults.add(AuthGateway.Fault.BAD_GATEWAY_HTML);
        TestJob job = job(settings(gateway.url("faulty"), "readTimeoutSeconds", 1));
        job.onProgress = () -> {
            if (job.stages.size() == 2) {
                gateway.faults.add(AuthGateway.Fault.SLOW);
                gateway.faults.add(AuthGateway.Fault.BAD_GATEWAY_HTML);
            }
        };
        provider.run(job);
        assertEquals(List.of(), job.errors);
        assertEquals(job.objects.size(), job.externalIds.size(), "every object stored once and its id recorded");
        assertTrue(gateway.faults.isEmpty());
    }

    @Test
    void aServerThatStaysDownFailsTheJobAfterBoundedRetries() {
        for (int i = 0; i < 10; i++) {
            gateway.faults.add(AuthGateway.Fault.BAD_GATEWAY_HTML);
        }
        long start = System.nanoTime();
        FhirException e = assertThrows(FhirException.class, () -> provider.run(job(settings(gateway.url("faulty"),
                "retries", 3))));
        assertEquals("The FHIR server answered HTTP 502 text/html to metadata (tried 4 times)", e.getMessage());
        assertTrue(PeerUnavailableException.in(e), "the core ends the job with stage CONNECTION_FAILED");
        assertEquals(10 - 4, gateway.faults.size());
        assertTrue(millisSince(start) >= 20 + 40 + 80, "waited 20, 40 and 80 ms: " + millisSince(start));
    }

    @Test
    void aRefusedConnectionFailsTheJobAsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/fhir";
        FhirException e = assertThrows(FhirException.class, () -> provider.run(job(settings(url, "retries", 1))));
        assertEquals("Cannot reach the FHIR server at " + url + ": connection refused (tried 2 times)", e.getMessage());
        assertTrue(PeerUnavailableException.in(e));
    }

    @Test
    void aLoginPageOrCutJsonIsNoFhirServerAndNotRetried() {
        gateway.faults.add(AuthGateway.Fault.LOGIN_PAGE);
        FhirException login = assertThrows(FhirException.class, () -> provider.run(job(settings(gateway.url("faulty")))));
        assertEquals(FhirException.Kind.NOT_FHIR, login.kind());
        assertTrue(login.getMessage().contains("answered HTTP 200 text/html instead of FHIR JSON"), login.getMessage());
        assertFalse(PeerUnavailableException.in(login), "an answer that is not FHIR is no outage");

        gateway.faults.add(AuthGateway.Fault.TRUNCATED_JSON);
        ConnectionTestResult cut = provider.testConnection(settings(gateway.url("faulty")));
        assertFalse(cut.ok());
        assertTrue(cut.messages().get(0).endsWith("/metadata answered JSON that cannot be read"), cut.messages().toString());
    }

    @Test
    void timeoutsAndRetriesAreSettingsOfTheSystemCheckedForRange() {
        assertTrue(provider.systemSettings().stream().map(SettingDescriptor::name).toList()
                .containsAll(List.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries")));
        List<SettingProblem> problems = provider.validateSystemSettings(settings("https://fhir.example.org/fhir",
                "connectTimeoutSeconds", 0, "readTimeoutSeconds", 3601, "retries", -1));
        assertEquals(List.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries"),
                problems.stream().map(SettingProblem::field).toList());
        ConnectionTestResult refused = provider.testConnection(settings("https://fhir.example.org/fhir",
                "readTimeoutSeconds", "soon"));
        assertEquals("readTimeoutSeconds: Give a whole number from 1 to 3600", refused.messages().get(0));
    }
}
