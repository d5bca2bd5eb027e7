package org.georegistry.itests.reveal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.georegistry.itests.emulator.LoopbackServer;

/**
 * An OpenSRP server ({@code /rest/location}) and a Reveal server ({@code /api/v1/...}) on 127.0.0.1, behind HTTP
 * Basic and bearer tokens from a Keycloak-style token endpoint, for tests.
 *
 * <pre>
 * try (RevealEmulator reveal = RevealEmulator.start(new RevealEmulator.Config().user("admin", "secret"))) {
 *     client.push(reveal.baseUrl(), "admin", "secret");
 *     assertEquals(3, reveal.openSrp().jurisdictionCount());
 * }
 * </pre>
 */
public final class RevealEmulator implements AutoCloseable {
    /** Accounts and realm. Without any user or client, user admin:admin and client reveal:secret exist. */
    public static final class Config {
        private int port;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final Set<String> readOnly = new HashSet<>();
        private final Map<String, String> clients = new LinkedHashMap<>();
        private String realm = "reveal";
        private Duration tokenLifetime = Duration.ofMinutes(5);

        /** 0 (the default) takes a free port. */
        public Config port(int listenPort) {
            this.port = listenPort;
            return this;
        }

        /** A user for HTTP Basic and the password grant, with the roles to read and write locations. */
        public Config user(String name, String password) {
            users.put(name, password);
            return this;
        }

        /** A user who may read but not write locations: writes answer 403. */
        public Config readOnlyUser(String name, String password) {
            readOnly.add(name);
            return user(name, password);
        }

        /** A confidential client of the token endpoint. */
        public Config client(String id, String secret) {
            clients.put(id, secret);
            return this;
        }

        public Config realm(String name) {
            this.realm = name;
            return this;
        }

        public Config tokenLifetime(Duration lifetime) {
            this.tokenLifetime = lifetime;
            return this;
        }
    }

    private final LoopbackServer server;
    private final Router router;
    private final Auth auth;
    private final OpenSrpStore openSrp = new OpenSrpStore();
    private final RevealStore reveal = new RevealStore();
    private final Faults faults = new Faults();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String baseUrl;

    private RevealEmulator(Config config) throws IOException {
        Map<String, String> users = config.users.isEmpty() ? Map.of("admin", "admin") : config.users;
        Map<String, String> clients = config.clients.isEmpty() ? Map.of("reveal", "secret") : config.clients;
        auth = new Auth(users, config.readOnly, clients, config.realm, config.tokenLifetime);
        router = new Router(auth, new OpenSrpApi(openSrp, faults), new RevealApi(reveal, faults), faults, closed);
        server = LoopbackServer.bind(config.port, 100, 4, 128, "reveal-emulator");
        baseUrl = server.baseUrl();
        server.start(router);
    }

    public static RevealEmulator start(Config config) {
        try {
            return new RevealEmulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. http://127.0.0.1:41234 : OpenSRP under /rest, Reveal under /api/v1. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The token endpoint, e.g. http://127.0.0.1:41234/auth/realms/reveal/protocol/openid-connect/token. */
    public String tokenUrl() {
        return baseUrl + auth.tokenPath();
    }

    public OpenSrpStore openSrp() {
        return openSrp;
    }

    public RevealStore reveal() {
        return reveal;
    }

    public Faults faults() {
        return faults;
    }

    /** Tokens issued so far (valid or not). */
    public int tokensIssued() {
        return auth.tokensIssued();
    }

    /** Every token issued so far stops working, as when it outlives its lifetime. */
    public void expireTokens() {
        auth.expireTokens();
    }

    /** Requests received, faults and 401s included. */
    public int requestCount() {
        return router.requestCount();
    }

    /** Requests received for one path, e.g. {@code /rest/location/add}. */
    public int requestCount(String path) {
        return router.requestCount(path);
    }

    public void resetCounters() {
        router.resetCounters();
    }

    @Override
    public void close() {
        closed.countDown();
        server.close();
    }
}
