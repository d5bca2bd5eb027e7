package org.georegistry.sync.fhir.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What often stands in front of a FHIR server, as a small real HTTP server forwarding to one: Basic authentication
 * ({@code /basic/}), a static bearer token ({@code /bearer/}), an OAuth2 client-credentials token endpoint
 * ({@code POST /token}, RFC 6749 section 4.4, client authenticated with HTTP Basic) and the resource server that
 * checks its tokens ({@code /oauth/}), a web page where a FHIR base was expected ({@code /html/}), a server that
 * speaks R5 ({@code /r5/metadata}), and a bad day of a proxy ({@code /faulty/}): the next requests get the
 * {@link Fault}s queued, then are forwarded.
 */
final class AuthGateway implements AutoCloseable {

    /** What a proxy or an overloaded server does instead of answering at once. */
    enum Fault {
        /** nginx's page when its upstream is down. */
        BAD_GATEWAY_HTML,
        /** Answers {@link #SLOW_BY} late, as a server under load. */
        SLOW,
        /** Sends the headers and part of the body, then nothing until the gateway closes. */
        STALLED_BODY,
        /** A single sign-on login page, as a gateway answers a request without a session. */
        LOGIN_PAGE,
        /** A complete answer whose JSON was cut, as a buggy proxy buffer gives. */
        TRUNCATED_JSON
    }

    static final Duration SLOW_BY = Duration.ofSeconds(3);

    static final String USER = "fhir-user";
    static final String PASSWORD = "s3cret pass";
    static final String STATIC_TOKEN = "static-token-123";
    static final String CLIENT_ID = "registry";
    static final String CLIENT_SECRET = "client-secret";

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String upstream;
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    final AtomicInteger tokensIssued = new AtomicInteger();
    final Map<String, String> lastScope = new ConcurrentHashMap<>();
    volatile long tokenLifetimeSeconds = 3600;
    final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    /** How many of the next token requests answer {@link #SLOW_BY} late. */
    final AtomicInteger slowTokens = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newCachedThreadPool();

    AuthGateway(String upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // slow and stalled answers must not hold up the others
        server.setExecutor(executor);
        server.start();
    }

    String url(String prefix) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + prefix;
    }

    /** Makes every token issued so far invalid, as a revocation or a restart of the authorization server does. */
    void revokeTokens() {
        validTokens.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (path.equals("/token")) {
                if (slowTokens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    await(SLOW_BY);
                }
                token(ex, auth);
            } else if (path.equals("/faulty") || path.startsWith("/faulty/")) {
                Fault fault = faults.poll();
                if (fault == null || fault == Fault.SLOW) {
                    await(fault == null ? Duration.ZERO : SLOW_BY);
                    forwardIf(true, ex, "/faulty/");
                } else {
                    fault(ex, fault);
                }
            } else if (path.startsWith("/html/")) {
                reply(ex, 200, "text/html", "<html><body>Welcome to our intranet</body></html>");
            } else if (path.equals("/r5/metadata")) {
                reply(ex, 200, "application/fhir+json", "{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":"
                        + "\"5.0.0\",\"software\":{\"name\":\"Some R5 server\"},\"rest\":[]}");
            } else if (path.startsWith("/basic/")) {
                String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
                forwardIf(expected.equals(auth), ex, "/basic/");
            } else if (path.startsWith("/bearer/")) {
                forwardIf(("Bearer " + STATIC_TOKEN).equals(auth), ex, "/bearer/");
            } else if (path.startsWith("/oauth/")) {
                forwardIf(auth != null && auth.startsWith("Bearer ") && validTokens.contains(auth.substring(7)), ex,
                        "/oauth/");
            } else {
                reply(ex, 404, "text/plain", "not found");
            }
        }
    }

    private void fault(HttpExchange ex, Fault fault) throws IOException {
        switch (fault) {
            case BAD_GATEWAY_HTML -> reply(ex, 502, "text/html", "<html><head><title>502 Bad Gateway</title></head>"
                    + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>");
            case LOGIN_PAGE -> reply(ex, 200, "text/html", "<html><body><form action=\"/login\" method=\"post\">"
                    + "<input name=\"username\"><input name=\"password\" type=\"password\"></form></body></html>");
            case TRUNCATED_JSON -> reply(ex, 200, "application/fhir+json",
                    "{\"resourceType\":\"CapabilityStatement\",\"fhirVersion\":\"4.0");
            case STALLED_BODY -> {
                ex.getResponseHeaders().set("Content-Type", "application/fhir+json");
                ex.sendResponseHeaders(200, 1000);
                ex.getResponseBody().write("{\"resourceType\":".getBytes(StandardCharsets.UTF_8));
                ex.getResponseBody().flush();
                await(Duration.ofMinutes(1));
            }
            default -> throw new IllegalArgumentException(fault.name());
        }
    }

    /** Waits, but no longer than the gateway lives. */
    private void await(Duration delay) {
        try {
            closed.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void token(HttpExchange ex, String auth) throws IOException {
        String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            reply(ex, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!form.contains("grant_type=client_credentials")) {
            reply(ex, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        lastScope.put("scope", form.replaceAll(".*scope=([^&]*).*", "$1"));
        String token = "tok-" + tokensIssued.incrementAndGet();
        validTokens.add(token);
        reply(ex, 200, "application/json", "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\","
                + "\"expires_in\":" + tokenLifetimeSeconds + "}");
    }

    private void forwardIf(boolean allowed, HttpExchange ex, String prefix) throws IOException {
        if (!allowed) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            reply(ex, 401, "application/fhir+json", "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":"
                    + "\"error\",\"code\":\"login\",\"diagnostics\":\"Authentication required\"}]}");
            return;
        }
        String path = ex.getRequestURI().getRawPath();
        String rest = path.length() > prefix.length() ? path.substring(prefix.length()) : ""; // a transaction: the base
        String query = ex.getRequestURI().getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + "/" + rest
                + (query == null ? "" : "?" + query)));
        byte[] body = ex.getRequestBody().readAllBytes();
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Accept", "application/fhir+json");
        request.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            reply(ex, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse("application/fhir+json"),
                    answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 502, "text/plain", "interrupted");
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        reply(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
