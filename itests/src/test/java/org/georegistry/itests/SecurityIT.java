package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.georegistry.itests.broken.SecretCheckingProvider;
import org.georegistry.itests.emulator.FreePort;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Authentication and authorization endpoint by endpoint: every endpoint × every role (SRA, RA, RM, RC, CONSUMER
 * of organization {@code moh}) × both organizations' things, against the documented policy (docs/storage.md:
 * another organization's things answer 404; reads need any role of the organization; Geo-Objects and external ids
 * need RA or RM; metadata, systems and configurations need RA; organizations are created and deleted by SRA);
 * 401 without credentials everywhere but health; security headers on every answer; API token revocation; the
 * login limit; secrets never in answers, logs or the database files in clear; the server also on HTTPS with a
 * keystore generated here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SecurityIT {

    static final String HTTPS_PORT = "itest.https.port";
    static final String KEYSTORE = "itest.keystore";
    static final String STORE_PASSWORD = "changeit-keystore";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.options("security"));
        Path tls = GeoRegistryRuntime.workFolder("security-tls");
        GeoRegistryRuntime.deleteTree(tls);
        Files.createDirectories(tls);
        Path keystore = tls.resolve("keystore.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "georegistry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .inheritIO().start();
        assertEquals("keytool", 0, keytool.waitFor());
        int httpsPort = FreePort.pick();
        // the Felix HTTP Jetty properties an administrator puts into etc/georegistry.properties
        options.add(systemProperty("org.apache.felix.https.enable").value("true"));
        options.add(systemProperty("org.osgi.service.http.port.secure").value(Integer.toString(httpsPort)));
        options.add(systemProperty("org.apache.felix.https.keystore").value(keystore.toString()));
        options.add(systemProperty("org.apache.felix.https.keystore.password").value(STORE_PASSWORD));
        options.add(systemProperty("org.apache.felix.https.keystore.key.password").value(STORE_PASSWORD));
        options.add(systemProperty(HTTPS_PORT).value(Integer.toString(httpsPort)));
        options.add(systemProperty(KEYSTORE).value(keystore.toString()));
        return GeoRegistryRuntime.toFork(options);
    }

    /** What an endpoint needs, per the documented policy. */
    enum Need {
        /** Any authenticated user; lists are filtered to what the caller may see. */
        ANY,
        /** Any role of the thing's organization. */
        READ,
        /** RA or RM of the thing's organization. */
        EDIT_OBJECTS,
        /** RA of the thing's organization. */
        ADMIN,
        /** RA (of the caller's own organization). */
        RA_ONLY,
        /** Another user of the organization: RA; everyone else is told it does not exist. */
        USER,
        /** System Administrator. */
        SRA
    }

    /** One endpoint: {org}, {cfg}, {job}, {user}, {n} (unique) and {del} (a fresh Geo-Object) are filled per call. */
    record Endpoint(Need need, String method, String path, String body) {}

    static final String OBJECT = "{\"type\":\"district-{org}\",\"code\":\"{code}\",\"label\":\"District 1\","
            + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[0.5,0.5]},\"attributes\":{\"population\":1000,"
            + "\"kind\":\"public\"},\"parents\":{\"admin-{org}\":\"P1\"}}";

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(Need.ANY, "GET", "/api/me", null),
            new Endpoint(Need.ANY, "GET", "/api/organizations", null),
            new Endpoint(Need.ANY, "GET", "/api/providers", null),
            new Endpoint(Need.ANY, "GET", "/api/providers/example", null),
            new Endpoint(Need.ANY, "POST", "/api/providers/example/validate", "{\"file\":\"x.geojsonl\"}"),
            new Endpoint(Need.ANY, "GET", "/api/transformations", null),
            new Endpoint(Need.ANY, "GET", "/api/classifications", null),
            new Endpoint(Need.ANY, "GET", "/api/geo-object-types", null),
            new Endpoint(Need.ANY, "GET", "/api/hierarchies", null),
            new Endpoint(Need.ANY, "GET", "/api/geo-objects", null),
            new Endpoint(Need.ANY, "GET", "/api/external-systems", null),
            new Endpoint(Need.ANY, "GET", "/api/sync-configs", null),
            new Endpoint(Need.READ, "GET", "/api/organizations/{org}", null),
            new Endpoint(Need.READ, "GET", "/api/classifications/kind-{org}", null),
            new Endpoint(Need.READ, "GET", "/api/geo-object-types/district-{org}", null),
            new Endpoint(Need.READ, "GET", "/api/hierarchies/admin-{org}", null),
            new Endpoint(Need.READ, "GET", "/api/geo-objects?type=district-{org}", null),
            new Endpoint(Need.READ, "GET", "/api/geo-objects/district-{org}/D1", null),
            new Endpoint(Need.READ, "GET", "/api/geo-objects/province-{org}/P1/children", null),
            new Endpoint(Need.READ, "GET", "/api/geo-objects/district-{org}/D1/external-ids", null),
            new Endpoint(Need.READ, "GET", "/api/external-systems/files-{org}", null),
            new Endpoint(Need.READ, "GET", "/api/sync-configs/{cfg}", null),
            new Endpoint(Need.READ, "GET", "/api/sync-configs/{cfg}/jobs", null),
            new Endpoint(Need.READ, "GET", "/api/jobs/{job}", null),
            new Endpoint(Need.READ, "GET", "/api/jobs/{job}/errors", null),
            new Endpoint(Need.READ, "GET", "/api/jobs/{job}/errors?grouped=true", null),
            new Endpoint(Need.EDIT_OBJECTS, "POST", "/api/geo-objects", OBJECT.replace("{code}", "N{n}")),
            new Endpoint(Need.EDIT_OBJECTS, "PUT", "/api/geo-objects/district-{org}/D1", OBJECT.replace("{code}", "D1")),
            new Endpoint(Need.EDIT_OBJECTS, "DELETE", "/api/geo-objects/district-{org}/{del}", null),
            new Endpoint(Need.EDIT_OBJECTS, "PUT", "/api/geo-objects/district-{org}/D2/external-ids/files-{org}",
                    "{\"externalId\":\"EXT-D2\"}"),
            new Endpoint(Need.ADMIN, "PUT", "/api/organizations/{org}", "{\"code\":\"{org}\",\"label\":\"Org {org}\"}"),
            new Endpoint(Need.ADMIN, "POST", "/api/classifications", "{\"code\":\"c{n}\",\"organization\":\"{org}\","
                    + "\"label\":\"C\",\"terms\":[]}"),
            new Endpoint(Need.ADMIN, "PUT", "/api/classifications/kind-{org}", "{\"code\":\"kind-{org}\",\"organization\":"
                    + "\"{org}\",\"label\":\"Kind\",\"terms\":[{\"code\":\"public\",\"label\":\"Public\"},"
                    + "{\"code\":\"private\",\"label\":\"Private\"}]}"),
            new Endpoint(Need.ADMIN, "POST", "/api/geo-object-types", "{\"code\":\"t{n}\",\"organization\":\"{org}\","
                    + "\"label\":\"T\",\"geometryType\":\"POINT\"}"),
            new Endpoint(Need.ADMIN, "POST", "/api/hierarchies", "{\"code\":\"h{n}\",\"organization\":\"{org}\","
                    + "\"label\":\"H\",\"nodes\":[{\"type\":\"province-{org}\"}]}"),
            new Endpoint(Need.ADMIN, "POST", "/api/external-systems", "{\"id\":\"s{n}\",\"type\":\"example\","
                    + "\"organization\":\"{org}\",\"label\":\"S\",\"settings\":{\"file\":\"x.geojsonl\"}}"),
            new Endpoint(Need.ADMIN, "PUT", "/api/external-systems/files-{org}", "{\"id\":\"files-{org}\",\"type\":"
                    + "\"example\",\"organization\":\"{org}\",\"label\":\"Files\",\"settings\":{\"file\":\"out.geojsonl\"}}"),
            new Endpoint(Need.ADMIN, "POST", "/api/external-systems/files-{org}/test", ""),
            new Endpoint(Need.ADMIN, "POST", "/api/sync-configs", "{\"label\":\"C\",\"externalSystem\":\"files-{org}\","
                    + "\"direction\":\"EXPORT\",\"settings\":{\"types\":\"district-{org}\"}}"),
            new Endpoint(Need.ADMIN, "PUT", "/api/sync-configs/{cfg}", "{\"label\":\"To a file\",\"externalSystem\":"
                    + "\"files-{org}\",\"direction\":\"EXPORT\",\"settings\":{\"types\":\"district-{org}\"}}"),
            new Endpoint(Need.ADMIN, "GET", "/api/sync-configs/{cfg}/options", null),
            new Endpoint(Need.ADMIN, "POST", "/api/sync-configs/{cfg}/run?dryRun=true", ""),
            new Endpoint(Need.ADMIN, "POST", "/api/jobs/{job}/cancel", ""),
            new Endpoint(Need.ADMIN, "POST", "/api/users", "{\"username\":\"u{n}\",\"password\":\"" + Fixture.PASSWORD
                    + "\",\"organization\":\"{org}\",\"roles\":[\"CONSUMER\"]}"),
            new Endpoint(Need.USER, "GET", "/api/users/{user}", null),
            new Endpoint(Need.USER, "GET", "/api/users/{user}/tokens", null),
            new Endpoint(Need.USER, "PUT", "/api/users/{user}", "{\"organization\":\"{org}\",\"roles\":[\"CONSUMER\"]}"),
            new Endpoint(Need.RA_ONLY, "GET", "/api/users", null),
            new Endpoint(Need.SRA, "GET", "/api/deployments", null),
            new Endpoint(Need.SRA, "POST", "/api/organizations", "{\"code\":\"o{n}\",\"label\":\"O\"}"),
            new Endpoint(Need.SRA, "DELETE", "/api/organizations/o-missing-{n}", null));

    @Test
    public void everyEndpointRoleAndOrganizationAsDocumented() throws Exception {
        Fixture f = new Fixture(context);
        AtomicInteger n = new AtomicInteger();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        Http anonymous = new Http(f.port);
        for (Endpoint e : ENDPOINTS) {
            HttpResponse<String> r = send(anonymous, e, "moh", f, n);
            checked++;
            if (r.statusCode() != 401 || !r.headers().firstValue("WWW-Authenticate").isPresent()) {
                wrong.add("anonymous " + e.method() + " " + e.path() + " -> " + r.statusCode());
            }
            headers(r, wrong);
        }
        List<String> callers = new ArrayList<>(List.of("admin"));
        Fixture.ROLES.forEach(role -> callers.add(role.toLowerCase() + "-moh"));
        for (String caller : callers) {
            Http http = caller.equals("admin") ? f.admin : f.user(caller);
            String role = caller.equals("admin") ? "SRA" : caller.substring(0, caller.indexOf('-')).toUpperCase();
            for (String org : Fixture.ORGS) {
                for (Endpoint e : ENDPOINTS) {
                    HttpResponse<String> r = send(http, e, org, f, n);
                    checked++;
                    headers(r, wrong);
                    String verdict = verdict(e, role, org.equals("moh"), r.statusCode());
                    if (verdict != null) {
                        wrong.add(role + " on " + org + ": " + e.method() + " " + e.path() + " -> " + r.statusCode()
                                + " (expected " + verdict + ") " + HostileInputIT.cut(r.body()));
                    }
                }
            }
        }
        System.out.println("FIGURE security endpoint x role x organization checks " + checked + ", wrong " + wrong.size());
        assertEquals(String.join("\n", wrong), 0, wrong.size());
        assertEquals("health needs no credentials", 200, anonymous.get("/api/health").status());
    }

    /** Null when the status is what the policy says, else what was expected. */
    static String verdict(Endpoint e, String role, boolean ownOrganization, int status) {
        boolean allowed = switch (e.need()) {
            case ANY -> true;
            case READ -> role.equals("SRA") || ownOrganization;
            case EDIT_OBJECTS -> role.equals("SRA") || ownOrganization && (role.equals("RA") || role.equals("RM"));
            case ADMIN, USER -> role.equals("SRA") || ownOrganization && role.equals("RA");
            case RA_ONLY -> role.equals("SRA") || role.equals("RA");
            case SRA -> role.equals("SRA");
        };
        if (allowed) {
            // a run may meet the previous caller's run; a finished job cannot be cancelled; an absent org is absent
            boolean ok = status >= 200 && status < 300 || status == 409 && (e.path().contains("/run") || e.path()
                    .endsWith("/cancel")) || status == 404 && e.path().contains("o-missing");
            return ok ? null : "2xx";
        }
        if (e.need() == Need.USER) {
            return status == 404 ? null : "404";
        }
        boolean hidden = !role.equals("SRA") && !ownOrganization && e.need() != Need.SRA && e.need() != Need.RA_ONLY
                && e.need() != Need.ANY;
        // a create naming another organization in its body: that organization is unknown to the caller (400), or
        // assigning organizations is not the caller's (403); either way nothing is created and nothing is revealed
        boolean createElsewhere = hidden && e.method().equals("POST") && !e.path().contains("{org}")
                && e.body() != null && e.body().contains("{org}");
        if (createElsewhere) {
            return status == 400 || status == 403 || status == 404 ? null : "400, 403 or 404";
        }
        return hidden ? (status == 404 ? null : "404") : (status == 403 ? null : "403");
    }

    private HttpResponse<String> send(Http http, Endpoint e, String org, Fixture f, AtomicInteger n) throws IOException {
        int unique = n.incrementAndGet();
        String path = e.path().replace("{org}", org).replace("{cfg}", String.valueOf(f.configIds.get(org)))
                .replace("{job}", String.valueOf(f.jobIds.get(org)))
                .replace("{user}", String.valueOf(f.userIds.get("member-" + org)))
                .replace("{n}", Integer.toString(unique));
        if (path.contains("{del}")) {
            String code = "DEL" + unique;
            Fixture.created(f.admin.post("/api/geo-objects", OBJECT.replace("{org}", org).replace("{code}", code)));
            path = path.replace("{del}", code);
        }
        String body = e.body() == null ? null : e.body().replace("{org}", org).replace("{n}", Integer.toString(unique));
        HttpResponse<String> r = http.raw(e.method(), path, body == null ? null : "application/json",
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), false);
        assertNotNull(e.method() + " " + path + " answered", r);
        if (path.contains("/run") && r.statusCode() == 202) {
            long job = Http.JSON.readTree(r.body()).path("id").asLong();
            Await.until("dry run ends", 30_000, () -> f.admin.get("/api/jobs/" + job).json().path("finished").isTextual());
        }
        return r;
    }

    static void headers(HttpResponse<String> r, List<String> wrong) {
        String where = r.request().method() + " " + r.uri().getPath() + " (" + r.statusCode() + ")";
        expect(r, "X-Content-Type-Options", "nosniff", where, wrong);
        expect(r, "X-Frame-Options", "DENY", where, wrong);
        expect(r, "Referrer-Policy", "no-referrer", where, wrong);
        expect(r, "Cache-Control", "no-store", where, wrong);
        if (!r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'")) {
            wrong.add(where + ": no Content-Security-Policy frame-ancestors");
        }
    }

    private static void expect(HttpResponse<String> r, String header, String value, String where, List<String> wrong) {
        String actual = r.headers().firstValue(header).orElse(null);
        if (!value.equals(actual)) {
            wrong.add(where + ": " + header + " is " + actual);
        }
    }

    @Test
    public void securityHeadersAlsoOnErrorsAndHealth() {
        Http admin = GeoRegistryRuntime.admin(context);
        List<String> wrong = new ArrayList<>();
        headers(admin.raw("GET", "/api/health", null, null, false), wrong);
        headers(admin.raw("GET", "/api/no-such-thing", null, null, false), wrong);
        headers(admin.raw("POST", "/api/health", "application/json", "{}".getBytes(StandardCharsets.UTF_8), false), wrong);
        headers(admin.raw("POST", "/api/organizations", "application/json", "[}".getBytes(StandardCharsets.UTF_8), false),
                wrong);
        headers(admin.raw("POST", "/api/organizations", "text/plain", "x".getBytes(StandardCharsets.UTF_8), false), wrong);
        // Answered by Jetty before the API sees them: no servlet serves the path; the path is ambiguous
        headers(admin.raw("GET", "/no-such-page", null, null, false), wrong);
        headers(admin.raw("GET", "/api/geo-objects/a%2fb", null, null, false), wrong);
        assertEquals(String.join("\n", wrong), 0, wrong.size());
    }

    @Test
    public void apiTokensWorkUntilRevoked() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        int port = Integer.parseInt(context.getProperty(GeoRegistryRuntime.PORT_PROPERTY));
        Fixture.created(admin.post("/api/organizations", "{\"code\":\"tok\",\"label\":\"Tokens\"}"));
        Http.Reply user = admin.post("/api/users", "{\"username\":\"token-user\",\"password\":\"" + Fixture.PASSWORD
                + "\",\"organization\":\"tok\",\"roles\":[\"RC\"]}");
        Fixture.created(user);
        long id = user.json().path("id").asLong();
        Http basic = new Http(port).as("token-user", Fixture.PASSWORD);
        Http.Reply created = basic.post("/api/users/" + id + "/tokens", "{\"name\":\"script\"}");
        assertEquals(created.body(), 201, created.status());
        String secret = created.json().path("token").asText();
        long tokenId = created.json().path("id").asLong();
        Http bearer = new Http(port).withToken(secret);
        assertEquals(200, bearer.get("/api/me").status());
        assertFalse("the token is shown once", basic.get("/api/users/" + id + "/tokens").body().contains(secret));
        assertFalse("the token is never listed to an administrator", admin.get("/api/users/" + id + "/tokens").body()
                .contains(secret));
        assertEquals(204, basic.delete("/api/users/" + id + "/tokens/" + tokenId).status());
        assertEquals("a revoked token is refused at once", 401, bearer.get("/api/me").status());
        assertEquals(401, new Http(port).withToken(secret + "x").get("/api/me").status());
    }

    @Test
    public void loginAttemptsAreLimitedPerUserAndAddress() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        int port = Integer.parseInt(context.getProperty(GeoRegistryRuntime.PORT_PROPERTY));
        Fixture.created(admin.post("/api/organizations", "{\"code\":\"brute\",\"label\":\"Brute force\"}"));
        for (String name : new String[] {"victim", "bystander"}) {
            Fixture.created(admin.post("/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + Fixture.PASSWORD
                    + "\",\"organization\":\"brute\",\"roles\":[\"RC\"]}"));
        }
        int refused = 0;
        HttpResponse<String> last = null;
        for (int i = 0; i < 30; i++) {
            last = new Http(port).as("victim", "guess-" + i).raw("GET", "/api/me", null, null, false);
            if (last.statusCode() == 429) {
                break;
            }
            assertEquals(401, last.statusCode());
            refused++;
        }
        System.out.println("FIGURE security failed logins before 429: " + refused);
        assertEquals("the default limit: 10 failures", 10, refused);
        assertEquals(429, last.statusCode());
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElse("0"));
        assertTrue("Retry-After " + retryAfter, retryAfter > 0 && retryAfter <= 300);
        assertTrue(last.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals("even the right password waits", 429,
                new Http(port).as("victim", Fixture.PASSWORD).get("/api/me").status());
        assertEquals("other users are not locked out", 200,
                new Http(port).as("bystander", Fixture.PASSWORD).get("/api/me").status());
    }

    @Test
    public void secretsAreEncryptedAndPasswordsHashedAtRestAndNeitherShownNorLogged() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        Path jar = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY)).resolveSibling("secret-check.jar");
        Jars.providerBundle(jar, "itest.secret", SecretCheckingProvider.TYPE, SecretCheckingProvider.class);
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        Await.until("secret-check provider", 10_000, () -> admin.get("/api/providers/secret-check").status() == 200);
        Fixture.created(admin.post("/api/organizations", "{\"code\":\"vault\",\"label\":\"Vault\"}"));
        String password = "Unique-Pass-Phrase-42";
        Fixture.created(admin.post("/api/users", "{\"username\":\"vault-user\",\"password\":\"" + password
                + "\",\"organization\":\"vault\",\"roles\":[\"RC\"]}"));
        String secret = SecretCheckingProvider.ACCEPTED_PASSWORD;
        String marker = "https://plain-setting-marker.example.org";
        Http.Reply created = admin.post("/api/external-systems", "{\"id\":\"vault-peer\",\"type\":\"secret-check\","
                + "\"organization\":\"vault\",\"label\":\"Peer\",\"settings\":{\"url\":\"" + marker + "\","
                + "\"password\":\"" + secret + "\"}}");
        Fixture.created(created);
        List<String> answers = List.of(created.body(), admin.get("/api/external-systems/vault-peer").body(),
                admin.get("/api/external-systems").body(), admin.post("/api/external-systems/vault-peer/test", "").body());
        for (String answer : answers) {
            assertFalse(answer, answer.contains(secret));
        }
        assertTrue("the provider got the secret", admin.post("/api/external-systems/vault-peer/test", "").json()
                .path("ok").asBoolean());

        // the database files on disk: the plain setting is there in clear (so the files are readable as they are),
        // the secret is not, in any encoding a careless store would use
        Path data = Path.of(context.getProperty(GeoRegistryRuntime.DATA_PROPERTY));
        Await.until("the database file holds the new system", 20_000, () -> filesContain(data, marker));
        List<byte[]> forms = List.of(secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_16BE),
                secret.getBytes(StandardCharsets.UTF_16LE),
                java.util.Base64.getEncoder().encode(secret.getBytes(StandardCharsets.UTF_8)));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (byte[] form : forms) {
                    assertFalse("secret in clear in " + file, indexOf(bytes, form) >= 0);
                }
                assertFalse("a user's password in clear in " + file,
                        indexOf(bytes, password.getBytes(StandardCharsets.UTF_8)) >= 0);
            }
        }
        String log = Files.readString(Path.of(context.getProperty(GeoRegistryRuntime.LOG_PROPERTY)));
        assertFalse("no secret in the log", log.contains(secret) || log.contains(password));
        bundle.uninstall();
    }

    @Test
    public void theApiAlsoAnswersOverHttpsWithTheConfiguredKeystore() throws Exception {
        GeoRegistryRuntime.admin(context);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(context.getProperty(KEYSTORE)))) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
        URI health = URI.create("https://127.0.0.1:" + context.getProperty(HTTPS_PORT) + "/api/health");
        HttpResponse<String> r = null;
        long until = System.currentTimeMillis() + 20_000;
        while (r == null && System.currentTimeMillis() < until) {
            try {
                r = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        assertNotNull("HTTPS answers", r);
        assertEquals(200, r.statusCode());
        assertEquals("TLS", r.sslSession().map(s -> s.getProtocol().substring(0, 3)).orElse(""));
        JsonNode body = Http.JSON.readTree(r.body());
        assertEquals("UP", body.path("status").asText());
        List<String> wrong = new ArrayList<>();
        headers(r, wrong);
        assertEquals(String.join("\n", wrong), 0, wrong.size());
    }

    private static boolean filesContain(Path root, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().contains("db")).filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
