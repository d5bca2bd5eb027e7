package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.fhir.FhirTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The connection test against a real HAPI JPA server, directly and behind the gateways it commonly sits behind. */
class ConnectionTestTest {

    private static FhirTestServer fhir;
    private static AuthGateway gateway;
    private final FhirSyncProvider provider = new FhirSyncProvider();

    @BeforeAll
    static void start() throws Exception {
        fhir = FhirTestServer.shared();
        gateway = new AuthGateway(fhir.baseUrl());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static Settings settings(String url, String... more) {
        Map<String, Object> values = new HashMap<>();
        values.put("url", url);
        values.put("system", "https://registry.example.org/code");
        for (int i = 0; i < more.length; i += 2) {
            values.put(more[i], more[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void aHapiJpaServerIsR4WithTransactionsAndConditionalUpdates() {
        ConnectionTestResult result = provider.testConnection(settings(fhir.baseUrl()));
        assertTrue(result.ok(), result.messages().toString());
        assertTrue(result.supported());
        assertEquals("4.0.1", result.version());
        assertTrue(result.messages().get(0).contains("HAPI FHIR Server"), result.messages().toString());
        assertTrue(result.messages().contains("Transactions: supported"), result.messages().toString());
        assertTrue(result.messages().contains("Conditional update of Location and Organization: supported"));
    }

    @Test
    void anR5ServerAnswersButIsReportedUnsupported() {
        ConnectionTestResult result = provider.testConnection(settings(gateway.url("r5")));
        assertTrue(result.ok());
        assertFalse(result.supported());
        assertEquals("5.0.0", result.version());
        assertTrue(result.messages().get(0).contains("(R5); this provider supports R4"), result.messages().toString());
    }

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ConnectionTestResult result = provider.testConnection(settings("http://127.0.0.1:" + port + "/fhir"));
        assertFalse(result.ok());
        assertEquals("Cannot reach the FHIR server at http://127.0.0.1:" + port + "/fhir: connection refused",
                result.messages().get(0));
    }

    @Test
    void aWebPageIsNotAFhirServer() {
        ConnectionTestResult result = provider.testConnection(settings(gateway.url("html")));
        assertFalse(result.ok());
        assertTrue(result.messages().get(0).contains("answered HTTP 200 text/html instead of FHIR JSON: is "
                + gateway.url("html") + " the base of a FHIR server?"), result.messages().toString());
    }

    @Test
    void basicAuthenticationIsSentAndAWrongPasswordIsA401() {
        assertTrue(provider.testConnection(settings(gateway.url("basic"), "auth", "basic", "username",
                AuthGateway.USER, "password", AuthGateway.PASSWORD)).supported());
        ConnectionTestResult wrong = provider.testConnection(settings(gateway.url("basic"), "auth", "basic",
                "username", AuthGateway.USER, "password", "nope"));
        assertFalse(wrong.ok());
        assertEquals("The FHIR server at " + gateway.url("basic") + " refused the request (HTTP 401): check the"
                + " authentication settings", wrong.messages().get(0));
        assertFalse(wrong.messages().get(0).contains("nope"));
    }

    @Test
    void aBearerTokenIsSent() {
        assertTrue(provider.testConnection(settings(gateway.url("bearer"), "auth", "bearer", "token",
                AuthGateway.STATIC_TOKEN)).supported());
        assertFalse(provider.testConnection(settings(gateway.url("bearer"), "auth", "bearer", "token", "x")).ok());
    }

    @Test
    void oauth2TokensAreFetchedReusedAndRefreshed() throws Exception {
        Settings oauth = settings(gateway.url("oauth"), "auth", "oauth2", "tokenUrl", gateway.url("token"),
                "clientId", AuthGateway.CLIENT_ID, "clientSecret", AuthGateway.CLIENT_SECRET, "scope", "system/*.write");
        int before = gateway.tokensIssued.get();
        assertTrue(provider.testConnection(oauth).supported());
        assertTrue(provider.testConnection(oauth).supported());
        assertEquals(before + 1, gateway.tokensIssued.get(), "a valid token is reused");
        assertEquals("system%2F*.write", gateway.lastScope.get("scope"));

        gateway.revokeTokens();
        assertTrue(provider.testConnection(oauth).supported(), "a refused token is replaced once");
        assertEquals(before + 2, gateway.tokensIssued.get());

        gateway.tokenLifetimeSeconds = 31;   // expires within the 30 s margin after one second
        gateway.revokeTokens();
        provider.testConnection(oauth);
        Thread.sleep(1100);
        provider.testConnection(oauth);
        assertEquals(before + 4, gateway.tokensIssued.get(), "a token about to expire is renewed before use");
        gateway.tokenLifetimeSeconds = 3600;
    }

    @Test
    void aWrongClientSecretIsReportedAsSuch() {
        ConnectionTestResult result = provider.testConnection(settings(gateway.url("oauth"), "auth", "oauth2",
                "tokenUrl", gateway.url("token"), "clientId", AuthGateway.CLIENT_ID, "clientSecret", "wrong"));
        assertFalse(result.ok());
        assertEquals("The OAuth2 token endpoint " + gateway.url("token") + " refused client 'registry' (HTTP 401,"
                + " invalid_client): check the client id, secret and scope", result.messages().get(0));
    }

    @Test
    void settingsAreCheckedBeforeConnecting() {
        ConnectionTestResult result = provider.testConnection(settings(fhir.baseUrl(), "auth", "oauth2"));
        assertFalse(result.ok());
        assertEquals("tokenUrl: Give the OAuth2 token endpoint", result.messages().get(0));
        assertEquals("system", provider.validateSystemSettings(Settings.of(Map.of("url", fhir.baseUrl(), "system",
                "not a uri"))).get(0).field());
    }
}
