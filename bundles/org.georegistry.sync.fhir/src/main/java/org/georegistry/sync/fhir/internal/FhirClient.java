package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.PeerUnavailableException;
import org.georegistry.api.sync.Settings;

/**
 * The FHIR REST calls the provider makes, over the JDK client: reads, transaction posts and paging links. Every
 * failure becomes a {@link FhirException} with a message that says what to check. Redirects are not followed, and
 * credentials are only ever sent to the configured server's origin. Timeouts and retries are the system's
 * {@link HttpTransport} settings: no connection, a timeout, 429 and a proxy's 502 to 504 are tried again, which is safe
 * because every call is a read or a transaction of conditional updates by identifier. A 500 is not: HAPI answers it
 * for some content it cannot store, and the export splits the transaction to find the object.
 */
final class FhirClient {

    static final String FHIR_JSON = "application/fhir+json";
    private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);
    private static final System.Logger LOG = System.getLogger(FhirClient.class.getName());

    /** One answer; the body is text because proxies and non-FHIR servers answer HTML too. */
    record Response(int status, String contentType, String body) {

        boolean json() {
            String trimmed = body.stripLeading();
            return contentType.contains("json") || trimmed.startsWith("{");
        }
    }

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final OAuthTokens tokens;
    private final Settings settings;
    private final String base;
    private final URI origin;
    private final HttpTransport transport;

    /** @param http a client made by the transport ({@link HttpTransport#newClient()}) */
    FhirClient(HttpClient http, ObjectMapper mapper, OAuthTokens tokens, Settings settings, HttpTransport transport) {
        this.http = http;
        this.mapper = mapper;
        this.tokens = tokens;
        this.settings = settings;
        this.base = baseUrl(settings.text(SystemSettings.URL, ""));
        this.origin = URI.create(base).resolve("/");
        this.transport = transport;
    }

    static String baseUrl(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    String base() {
        return base;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** GET a path below the base (e.g. {@code metadata}) or a paging link, and parse the JSON. */
    JsonNode getJson(String pathOrUrl) throws FhirException {
        Response response = send(() -> request(pathOrUrl).GET(), pathOrUrl);
        if (response.status() != 200) {
            throw httpError("GET " + shortPath(pathOrUrl), response);
        }
        return parse(pathOrUrl, response);
    }

    /** POST a Bundle to the base; any answer after authentication is returned for the caller to read. */
    Response postBundle(byte[] bundle) throws FhirException {
        return send(() -> request("").header("Content-Type", FHIR_JSON + ";charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)), "");
    }

    JsonNode parse(String what, Response response) throws FhirException {
        if (!response.json()) {
            throw new FhirException(FhirException.Kind.NOT_FHIR, base + "/" + shortPath(what) + " answered "
                    + describe(response) + " instead of FHIR JSON: is " + base + " the base of a FHIR server?");
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new FhirException(FhirException.Kind.NOT_FHIR, base + "/" + shortPath(what)
                    + " answered JSON that cannot be read");
        }
    }

    FhirException httpError(String what, Response response) {
        return new FhirException(response.json() ? FhirException.Kind.HTTP_ERROR : FhirException.Kind.NOT_FHIR,
                "The FHIR server answered " + describe(response) + " to " + what + OperationOutcomes.summary(
                        mapper, response.body()), response.status(), response.body(), null);
    }

    private interface RequestFactory {
        HttpRequest.Builder create() throws FhirException;
    }

    private HttpRequest.Builder request(String pathOrUrl) throws FhirException {
        URI uri = resolve(pathOrUrl);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(transport.readTimeout()).header("Accept", FHIR_JSON);
        String authorization = authorization();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    /** Paths go below the base; absolute links (paging) must stay on the base's origin, which gets the credentials. */
    private URI resolve(String pathOrUrl) throws FhirException {
        if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://")) {
            URI uri = URI.create(pathOrUrl);
            if (!uri.resolve("/").equals(origin)) {
                throw new FhirException(FhirException.Kind.NOT_FHIR, "The FHIR server sent a link to another server ("
                        + uri.resolve("/") + "); its paging links must stay on " + origin);
            }
            return uri;
        }
        // '|' separates system and code in token searches but is not allowed in a URI as it is
        return URI.create(pathOrUrl.isEmpty() ? base : base + "/" + pathOrUrl.replace("|", "%7C"));
    }

    private String authorization() throws FhirException {
        return switch (SystemSettings.auth(settings)) {
            case SystemSettings.BASIC -> "Basic " + Base64.getEncoder().encodeToString((settings.text(
                    SystemSettings.USERNAME, "") + ":" + settings.text(SystemSettings.PASSWORD, ""))
                    .getBytes(StandardCharsets.UTF_8));
            case SystemSettings.BEARER -> "Bearer " + settings.text(SystemSettings.TOKEN, "");
            case SystemSettings.OAUTH2 -> "Bearer " + tokens.token(settings, http, transport);
            default -> null;
        };
    }

    /**
     * One call, retried while it fails transiently; one that still fails ends with the last failure, saying how often
     * it was tried, and (no connection, a gateway's error) as a {@link org.georegistry.api.sync.PeerUnavailableException}
     * cause so that the job ends with stage CONNECTION_FAILED.
     */
    private Response send(RequestFactory factory, String what) throws FhirException {
        for (int attempt = 1;; attempt++) {
            boolean last = attempt > transport.retries();
            Response response;
            try {
                response = authorized(factory, what);
            } catch (FhirException e) {
                if (e.kind() != FhirException.Kind.UNREACHABLE || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (last) {
                    throw attempt == 1 ? e : FhirException.unavailable(e.kind(), e.getMessage() + tries(attempt), e);
                }
                pause(attempt, what, e.getMessage());
                continue;
            }
            if (!TRANSIENT.contains(response.status())) {
                return response;
            }
            if (last) {
                FhirException e = httpError(describeCall(what), response);
                // a gateway's 502 to 504 means the FHIR server itself is down or restarting
                String message = e.getMessage() + tries(attempt);
                throw new FhirException(e.kind(), message, e.status(), e.body(),
                        response.status() == 429 ? null : new PeerUnavailableException(message));
            }
            pause(attempt, what, "HTTP " + response.status());
        }
    }

    private void pause(int attempt, String what, String failure) throws FhirException {
        Duration delay = transport.delay(attempt);
        LOG.log(System.Logger.Level.INFO, "FHIR call {0} failed ({1}); retry {2} of {3} in {4} ms", describeCall(what),
                failure, attempt, transport.retries(), delay.toMillis());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirException(FhirException.Kind.UNREACHABLE, "Interrupted while waiting to retry", e);
        }
    }

    private static String tries(int attempts) {
        return attempts == 1 ? "" : " (tried " + attempts + " times)";
    }

    private String describeCall(String what) {
        return shortPath(what).isEmpty() ? "a transaction" : shortPath(what);
    }

    /** One attempt with the credentials, and once more with a fresh OAuth2 token when the server refused the old. */
    private Response authorized(RequestFactory factory, String what) throws FhirException {
        Response response = sendOnce(factory.create().build(), what);
        if (response.status() == 401 && SystemSettings.OAUTH2.equals(SystemSettings.auth(settings))) {
            // the token may have been revoked or expired early: one retry with a fresh one
            tokens.invalidate(settings);
            response = sendOnce(factory.create().build(), what);
        }
        if (response.status() == 401 || response.status() == 403) {
            throw new FhirException(FhirException.Kind.UNAUTHORIZED, "The FHIR server at " + base
                    + " refused the request (HTTP " + response.status() + "): "
                    + (response.status() == 401 ? "check the authentication settings"
                            : "these credentials are not allowed to do this"),
                    response.status(), response.body(), null);
        }
        if (response.status() / 100 == 3) {
            throw new FhirException(FhirException.Kind.NOT_FHIR, base + "/" + shortPath(what) + " redirects (HTTP "
                    + response.status() + "): use the final address (e.g. https) as the URL");
        }
        return response;
    }

    private Response sendOnce(HttpRequest request, String what) throws FhirException {
        try {
            HttpResponse<String> answer = transport.send(http, request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT), answer.body());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + transport.connectTimeout().toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer to " + describeCall(what) + " within " + transport.readTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw unreachable(describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirException(FhirException.Kind.UNREACHABLE, "Interrupted while calling the FHIR server at "
                    + base, e);
        }
    }

    private FhirException unreachable(String why, Exception cause) {
        return FhirException.unavailable(FhirException.Kind.UNREACHABLE, "Cannot reach the FHIR server at " + base + ": "
                + why, cause);
    }

    static String describe(Exception e) {
        if (e instanceof ConnectException) {
            return e.getCause() instanceof UnresolvedAddressException ? "unknown host" : "connection refused";
        }
        return "the connection failed (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }

    static String describe(Response response) {
        String type = response.contentType().isEmpty() ? "" : " " + response.contentType().split(";")[0];
        return "HTTP " + response.status() + type;
    }

    private String shortPath(String pathOrUrl) {
        String p = pathOrUrl.startsWith(base) ? pathOrUrl.substring(base.length()) : pathOrUrl;
        p = p.startsWith("/") ? p.substring(1) : p;
        return p.length() > 120 ? p.substring(0, 120) + "..." : p;
    }
}
