package org.georegistry.sync.reveal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.PeerUnavailableException;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.reveal.Faults;
import org.georegistry.itests.reveal.RevealEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The system's timeouts and retries apply to every call, the token request included: a server slower than
 * {@code readTimeoutSeconds} (the emulator's delay) fails the connection test or the run naming the timeout, and a
 * server that cannot be reached fails the run with a message the core reports as CONNECTION_FAILED.
 */
class ReliabilityTest {

    private static final Duration SLOW = Duration.ofSeconds(4);
    private final RevealSyncProvider provider = Fixtures.provider();
    private final RevealEmulator reveal = RevealEmulator.start(new RevealEmulator.Config().user("admin", "admin")
            .client("reveal", "secret"));

    @AfterEach
    void stop() {
        reveal.close();
    }

    private static Settings with(Settings base, Object... pairs) {
        Map<String, Object> values = new HashMap<>(base.asMap());
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return Settings.of(values);
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aServerSlowerThanTheReadTimeoutFailsTheConnectionTestNamingTheTimeout() {
        reveal.faults().delay("/api/v1/", SLOW);
        long start = System.nanoTime();
        ConnectionTestResult result = provider.testConnection(with(Fixtures.basic(reveal, "REVEAL"),
                "readTimeoutSeconds", 1));
        assertFalse(result.ok());
        assertEquals("Cannot reach " + reveal.baseUrl() + ": no answer to GET /api/v1/geographicLevel within 1 s",
                result.messages().get(0));
        assertTrue(millisSince(start) < SLOW.toMillis(), "gave up before the answer came: " + millisSince(start));
    }

    @Test
    void theTokenRequestHasTheTimeoutsToo() {
        reveal.faults().delay(URI.create(reveal.tokenUrl()).getPath(), SLOW);
        long start = System.nanoTime();
        ConnectionTestResult result = provider.testConnection(with(Fixtures.oauth(reveal, "OPENSRP"),
                "readTimeoutSeconds", 1));
        assertFalse(result.ok());
        assertTrue(result.messages().get(0).contains("within 1 s (the token endpoint)"), result.messages().toString());
        assertTrue(millisSince(start) < SLOW.toMillis(), "gave up before the answer came: " + millisSince(start));
    }

    @Test
    void aRunAgainstASlowServerFailsAfterBoundedRetriesAsUnavailable() {
        reveal.faults().delay("/rest/location/add", SLOW);
        TestJob job = Fixtures.hierarchy(with(Fixtures.basic(reveal, "OPENSRP"), "readTimeoutSeconds", 1,
                "retries", 1), Fixtures.config());
        long start = System.nanoTime();
        RevealException e = assertThrows(RevealException.class, () -> provider.run(job));
        assertEquals("Cannot reach " + reveal.baseUrl() + ": no answer to POST /rest/location/add within 1 s"
                + " (tried 2 times)", e.getMessage());
        assertTrue(PeerUnavailableException.in(e), "the core ends the job with stage CONNECTION_FAILED");
        assertTrue(millisSince(start) < 2 * SLOW.toMillis(), "two attempts of 1 s: " + millisSince(start));
    }

    @Test
    void aRefusedConnectionFailsTheRunAsUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestJob job = Fixtures.hierarchy(with(Fixtures.basic(reveal, "OPENSRP"), "url", "http://127.0.0.1:" + port,
                "retries", 2), Fixtures.config());
        RevealException e = assertThrows(RevealException.class, () -> provider.run(job));
        assertEquals("Cannot reach http://127.0.0.1:" + port + ": connection refused (tried 3 times)", e.getMessage());
        assertTrue(PeerUnavailableException.in(e));
    }

    @Test
    void anAnswerTheServerRefusesIsNoOutage() {
        reveal.faults().failNext("/rest/location/add", 100, Faults.Kind.SERVER_ERROR);
        TestJob job = Fixtures.hierarchy(Fixtures.basic(reveal, "OPENSRP"), Fixtures.config());
        RevealException e = assertThrows(RevealException.class, () -> provider.run(job));
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
        assertFalse(PeerUnavailableException.in(e), "OpenSRP's 500 is its own failure: " + e.getMessage());
    }

    @Test
    void timeoutsAndRetriesAreSettingsOfTheSystemCheckedForRange() {
        assertTrue(provider.systemSettings().stream().map(SettingDescriptor::name).toList()
                .containsAll(List.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries")));
        List<SettingProblem> problems = provider.validateSystemSettings(with(Fixtures.basic(reveal, "REVEAL"),
                "connectTimeoutSeconds", 301, "readTimeoutSeconds", 0, "retries", "many"));
        assertEquals(List.of("connectTimeoutSeconds", "readTimeoutSeconds", "retries"),
                problems.stream().map(SettingProblem::field).toList());
        assertEquals("readTimeoutSeconds: Give a whole number from 1 to 3600", provider.testConnection(
                with(Fixtures.basic(reveal, "REVEAL"), "readTimeoutSeconds", 0)).messages().get(0));
    }
}
