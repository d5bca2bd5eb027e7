package org.georegistry.sync.reveal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.georegistry.api.sync.ConnectionTestResult;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.reveal.RevealEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The connection test tells reachability, token endpoint, credentials, permissions and a wrong address apart. */
class ConnectionTestTest {

    private final RevealSyncProvider provider = Fixtures.provider();
    private final RevealEmulator reveal = RevealEmulator.start(new RevealEmulator.Config().user("admin", "admin")
            .readOnlyUser("viewer", "viewer").client("reveal", "secret"));

    @AfterEach
    void stop() {
        reveal.close();
    }

    private static Settings with(Settings base, String... pairs) {
        Map<String, Object> values = new HashMap<>(base.asMap());
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return Settings.of(values);
    }

    private String failure(Settings settings) {
        ConnectionTestResult result = provider.testConnection(settings);
        assertFalse(result.ok(), result.messages().toString());
        return String.join(" / ", result.messages());
    }

    @Test
    void bothFlavoursAndBothAuthenticationsConnect() {
        for (String api : new String[] {"OPENSRP", "REVEAL"}) {
            ConnectionTestResult basic = provider.testConnection(Fixtures.basic(reveal, api));
            assertTrue(basic.ok(), basic.messages().toString());
            ConnectionTestResult oauth = provider.testConnection(Fixtures.oauth(reveal, api));
            assertTrue(oauth.ok(), oauth.messages().toString());
            assertTrue(oauth.messages().get(0).contains("issued a token for client reveal"));
        }
        ConnectionTestResult password = provider.testConnection(with(Fixtures.oauth(reveal, "REVEAL"),
                "username", "viewer", "password", "viewer"));
        assertTrue(password.ok(), "a read-only user can read: " + password.messages());
        assertTrue(password.messages().get(0).contains("and user viewer"));
    }

    @Test
    void eachFailureSaysWhatIsWrong() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertTrue(failure(with(Fixtures.basic(reveal, "OPENSRP"), "url", "http://127.0.0.1:" + closedPort))
                .contains("Cannot reach http://127.0.0.1:" + closedPort + ": connection refused"));
        assertTrue(failure(with(Fixtures.basic(reveal, "OPENSRP"), "password", "nope"))
                .contains("rejected the credentials (HTTP 401)"));
        assertTrue(failure(with(Fixtures.basic(reveal, "REVEAL"), "url", reveal.baseUrl() + "/elsewhere"))
                .contains("does not answer as the Reveal server (HTTP 404"));
        assertTrue(failure(with(Fixtures.oauth(reveal, "REVEAL"), "clientSecret", "nope"))
                .contains("refused client reveal (unauthorized_client: Invalid client secret)"));
        assertTrue(failure(with(Fixtures.oauth(reveal, "REVEAL"), "clientId", "other"))
                .contains("refused client other (invalid_client"));
        assertTrue(failure(with(Fixtures.oauth(reveal, "OPENSRP"), "username", "admin", "password", "nope"))
                .contains("refused the username or password of admin"));
        assertTrue(failure(with(Fixtures.oauth(reveal, "OPENSRP"), "tokenUrl",
                reveal.baseUrl() + "/auth/realms/other/protocol/openid-connect/token")).contains("is not a token endpoint"));
        assertTrue(failure(with(Fixtures.basic(reveal, "OPENSRP"), "url", "ftp://x")).startsWith("url: "));
        assertTrue(failure(with(Fixtures.basic(reveal, "OPENSRP"), "password", "nope")).indexOf("nope") < 0,
                "no secret in the messages");
    }

    @Test
    void aReadOnlyAccountPassesTheTestButARunSaysItMayNotWrite() {
        Settings viewer = with(Fixtures.basic(reveal, "OPENSRP"), "username", "viewer", "password", "viewer");
        assertTrue(provider.testConnection(viewer).ok());
        TestJob job = Fixtures.hierarchy(viewer, Fixtures.config());
        RevealException e = org.junit.jupiter.api.Assertions.assertThrows(RevealException.class, () -> provider.run(job));
        assertEquals(RevealException.Kind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().contains("accepted the credentials but refused POST /rest/location/add (HTTP 403)"),
                e.getMessage());
    }
}
