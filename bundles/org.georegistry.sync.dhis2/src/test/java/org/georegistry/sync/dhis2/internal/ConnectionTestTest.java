package org.georegistry.sync.dhis2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.dhis2.Dhis2Emulator;
import org.georegistry.itests.dhis2.Faults;
import org.junit.jupiter.api.Test;

/** Each way a connection can fail gets its own message, and none of them shows a secret. */
class ConnectionTestTest {

    private static final String PASSWORD = "s3cret-Pa55";
    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    private static Settings basic(String url, String password) {
        return Settings.of(Map.of("url", url, "username", "admin", "password", password, "readTimeoutSeconds", 2));
    }

    private static Dhis2Emulator dhis2(Dhis2Emulator.Config config) {
        return Dhis2Emulator.start(config.user("admin", PASSWORD));
    }

    private static void assertNoSecret(ConnectionTestResult result) {
        result.messages().forEach(m -> assertFalse(m.contains(PASSWORD) || m.contains("d2pat_"), m));
    }

    @Test
    void reportsTheVersionAndWhetherItIsSupported() {
        try (Dhis2Emulator dhis2 = dhis2(new Dhis2Emulator.Config().version("2.31.9"))) {
            ConnectionTestResult result = provider.testConnection(basic(dhis2.baseUrl(), PASSWORD));
            assertTrue(result.ok() && result.supported(), result.messages().toString());
            assertEquals("2.31.9", result.version());
        }
    }

    @Test
    void personalAccessTokensWorkFrom237AndAreExplainedBefore() {
        String token = "d2pat_" + "a".repeat(40);
        Settings settings = Settings.of(Map.of("token", token));
        try (Dhis2Emulator dhis2 = dhis2(new Dhis2Emulator.Config().version("2.40.5").apiToken(token, "admin"))) {
            ConnectionTestResult result = provider.testConnection(withUrl(settings, dhis2));
            assertTrue(result.ok(), result.messages().toString());
        }
        try (Dhis2Emulator dhis2 = dhis2(new Dhis2Emulator.Config().version("2.36.11"))) {
            ConnectionTestResult result = provider.testConnection(withUrl(settings, dhis2));
            assertFalse(result.ok());
            assertTrue(result.messages().get(0).contains("2.37 or later"), result.messages().toString());
            assertNoSecret(result);
        }
    }

    private static Settings withUrl(Settings settings, Dhis2Emulator dhis2) {
        Map<String, Object> values = new java.util.HashMap<>(settings.asMap());
        values.put("url", dhis2.baseUrl());
        return Settings.of(values);
    }

    @Test
    void wrongCredentialsAreNamedAsSuchWhetherAnswered401OrRedirected() {
        try (Dhis2Emulator dhis2 = dhis2(new Dhis2Emulator.Config().version("2.38.4"))) {
            ConnectionTestResult result = provider.testConnection(basic(dhis2.baseUrl(), "wrong-" + PASSWORD));
            assertFalse(result.ok());
            assertTrue(result.messages().get(0).contains("rejected the credentials (HTTP 401)"), result.messages().toString());
            assertNoSecret(result);
        }
        try (Dhis2Emulator dhis2 = dhis2(new Dhis2Emulator.Config().version("2.40.5").redirectToLoginOnBadCredentials(true))) {
            ConnectionTestResult result = provider.testConnection(basic(dhis2.baseUrl(), "wrong"));
            assertFalse(result.ok());
            assertTrue(result.messages().get(0).contains("redirected to its login page"), result.messages().toString());
        }
        try (Dhis2Emulator dhis2 = dhis2(new Dhis2Emulator.Config().version("2.40.5"))) {
            dhis2.faults().failNext(1, Faults.Kind.LOGIN_PAGE);
            ConnectionTestResult result = provider.testConnection(basic(dhis2.baseUrl(), PASSWORD));
            assertTrue(result.messages().get(0).contains("answered with its login page"), result.messages().toString());
        }
    }

    @Test
    void anUnreachableHostIsNotACredentialProblem() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ConnectionTestResult refused = provider.testConnection(basic("http://127.0.0.1:" + port, PASSWORD));
        assertFalse(refused.ok());
        assertEquals("Cannot reach DHIS2 at http://127.0.0.1:" + port + ": connection refused", refused.messages().get(0));

        try (Dhis2Emulator dhis2 = dhis2(new Dhis2Emulator.Config())) {
            dhis2.faults().failNext(1, Faults.Kind.HANG);
            ConnectionTestResult silent = provider.testConnection(basic(dhis2.baseUrl(), PASSWORD));
            assertTrue(silent.messages().get(0).contains("no answer to /system/info within 2 s"), silent.messages().toString());
        }
    }

    @Test
    void aServerThatIsNotDhis2IsSaidToBeSo() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/html/", exchange -> answer(exchange, "text/html", "<html><body>Welcome to nginx</body></html>"));
        server.createContext("/json/", exchange -> answer(exchange, "application/json", "{\"status\":\"UP\"}"));
        server.createContext("/old/", exchange -> answer(exchange, "application/json", "{\"version\":\"2.30.2\"}"));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            ConnectionTestResult html = provider.testConnection(basic(base + "/html", PASSWORD));
            assertFalse(html.ok());
            assertTrue(html.messages().get(0).contains("HTTP 200 text/html instead of JSON"), html.messages().toString());
            ConnectionTestResult json = provider.testConnection(basic(base + "/json", PASSWORD));
            assertTrue(json.messages().get(0).contains("JSON without a DHIS2 version"), json.messages().toString());
            ConnectionTestResult old = provider.testConnection(basic(base + "/old", PASSWORD));
            assertTrue(old.ok());
            assertFalse(old.supported());
        } finally {
            server.stop(0);
        }
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void settingsNeedAPasswordOrAToken() {
        assertEquals("username", provider.validateSystemSettings(Settings.of(Map.of("url", "https://x.org"))).get(0).field());
        assertEquals("password", provider.validateSystemSettings(
                Settings.of(Map.of("url", "https://x.org", "username", "admin"))).get(0).field());
        assertTrue(provider.validateSystemSettings(Settings.of(Map.of("url", "https://x.org", "token", "d2pat_x"))).isEmpty());
        assertEquals("url", provider.validateSystemSettings(
                Settings.of(Map.of("url", "https://admin:district@x.org", "token", "t"))).get(0).field());
        assertEquals("url", provider.validateSystemSettings(Settings.of(Map.of("url", "ftp://x.org", "token", "t"))).get(0).field());
        assertFalse(provider.testConnection(Settings.of(Map.of("url", "https://x.org"))).ok());
    }

    @Test
    void versionsAreReadFromEveryNumbering() {
        assertEquals(31, Dhis2Version.parse("2.31.9").api());
        assertEquals(41, Dhis2Version.parse("41.0").api());
        assertEquals(42, Dhis2Version.parse("2.42-SNAPSHOT").api());
        assertFalse(Dhis2Version.parse("2.43.0").supported());
        assertTrue(Dhis2Version.parse("2.42.1").supported());
        assertEquals(null, Dhis2Version.parse("unknown"));
    }
}
