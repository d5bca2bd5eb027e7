package org.georegistry.sync.dhis2.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.PeerUnavailableException;
import org.georegistry.api.sync.Settings;

/**
 * The few DHIS2 Web API calls the provider makes, over the JDK client. Redirects are not followed: DHIS2 answers
 * bad credentials with a redirect to its login page in some set-ups, and following it would look like success.
 * Transient failures are retried as the {@link HttpTransport} says; every call is safe to repeat (reads, and metadata
 * imports by uid with CREATE_AND_UPDATE).
 */
final class Dhis2Client {

    static final String URL = "url";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TOKEN = "token";
    private static final System.Logger LOG = System.getLogger(Dhis2Client.class.getName());

    /** One answer; the body is text because DHIS2 and the proxies before it also answer HTML. */
    record Response(int status, String contentType, String body) {

        boolean json() {
            String trimmed = body.stripLeading();
            return contentType.contains("json") || trimmed.startsWith("{") || trimmed.startsWith("[");
        }
    }

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String base;
    private final String authorization;
    private final HttpTransport transport;

    /** @param http a client made by the transport ({@link HttpTransport#newClient()}) */
    Dhis2Client(HttpClient http, ObjectMapper mapper, Settings system, HttpTransport transport) {
        this.http = http;
        this.mapper = mapper;
        this.base = baseUrl(system.text(URL, ""));
        this.authorization = authorization(system);
        this.transport = transport;
    }

    /** The server's root: the {@code /api} users often paste and trailing slashes are removed. */
    static String baseUrl(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u.endsWith("/api") ? u.substring(0, u.length() - 4) : u;
    }

    /** A token wins over a password: it is the narrower credential. */
    private static String authorization(Settings system) {
        if (system.has(TOKEN)) {
            return "ApiToken " + system.text(TOKEN, "");
        }
        String pair = system.text(USERNAME, "") + ":" + system.text(PASSWORD, "");
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    String base() {
        return base;
    }

    /** GET and parse JSON, or a {@link Dhis2Exception} saying why there is none. */
    JsonNode getJson(String pathAndQuery) throws Dhis2Exception {
        Response response = send(request(pathAndQuery).GET().build(), pathAndQuery);
        if (response.status() != 200) {
            throw httpError(pathAndQuery, response);
        }
        return parse(pathAndQuery, response);
    }

    /** POST JSON; any answer that passed the authentication checks is returned for the caller to read. */
    Response postJson(String pathAndQuery, byte[] body) throws Dhis2Exception {
        HttpRequest request = request(pathAndQuery)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request, pathAndQuery);
    }

    /**
     * POST a metadata payload and read the ImportReport for one class. DHIS2 answers 200, or 409 from 2.38 when an
     * object failed; anything else (a proxy's 413 or 502, a 500) is no report and fails the call.
     */
    ImportReports.Outcome importMetadata(String pathAndQuery, byte[] body, String klass, String what)
            throws Dhis2Exception {
        Response response = postJson(pathAndQuery, body);
        if (response.status() == 413) {
            throw new Dhis2Exception(Dhis2Exception.Kind.TOO_LARGE, "DHIS2 (or the proxy before it) refused "
                    + what + " as too large (HTTP 413)");
        }
        ImportReports.Outcome outcome = null;
        if ((response.status() == 200 || response.status() == 409) && response.json()) {
            outcome = ImportReports.read(parse(pathAndQuery, response), klass);
        }
        if (outcome == null) {
            throw httpError("/metadata (" + what + ")", response);
        }
        return outcome;
    }

    JsonNode parse(String pathAndQuery, Response response) throws Dhis2Exception {
        if (!response.json()) {
            throw new Dhis2Exception(Dhis2Exception.Kind.NOT_DHIS2, base + "/api" + pathAndQuery + " answered "
                    + describe(response) + " instead of JSON: is " + base + " the address of a DHIS2 server?");
        }
        try {
            return mapper.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new Dhis2Exception(Dhis2Exception.Kind.NOT_DHIS2, base + "/api" + pathAndQuery
                    + " answered JSON that cannot be read (" + e.getOriginalMessage() + ")");
        }
    }

    Dhis2Exception httpError(String pathAndQuery, Response response) {
        return new Dhis2Exception(response.json() ? Dhis2Exception.Kind.HTTP_ERROR : Dhis2Exception.Kind.NOT_DHIS2,
                "DHIS2 answered " + describe(response) + " to " + pathAndQuery + detail(response));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + "/api" + pathAndQuery))
                .timeout(transport.readTimeout())
                .header("Accept", "application/json")
                .header("Authorization", authorization);
    }

    /**
     * One call, retried while it fails transiently: no connection, a timeout, or a 5xx (DHIS2's own or a proxy's
     * HTML page). A call that still fails ends with the last failure, saying how often it was tried.
     */
    private Response send(HttpRequest request, String pathAndQuery) throws Dhis2Exception {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt > transport.retries();
            String failure;
            try {
                Response response = sendOnce(request, pathAndQuery);
                if (response.status() < 500) {
                    return response;
                }
                if (last) {
                    Dhis2Exception e = httpError(pathAndQuery, response);
                    String message = e.getMessage() + tries(attempt);
                    // a proxy's 502-504 means DHIS2 itself is down or restarting; a 500 is DHIS2's own failure
                    throw response.status() >= 502 && response.status() <= 504
                            ? new Dhis2Exception(e.kind(), message, new PeerUnavailableException(message))
                            : new Dhis2Exception(e.kind(), message);
                }
                failure = "HTTP " + response.status();
            } catch (Dhis2Exception e) {
                if (!e.transientFailure() || last) {
                    throw attempt == 1 ? e : new Dhis2Exception(e.kind(), e.getMessage() + tries(attempt), e);
                }
                failure = e.getMessage();
            }
            Duration delay = transport.delay(attempt);
            LOG.log(System.Logger.Level.INFO, "DHIS2 call {0} failed ({1}); retry {2} of {3} in {4} ms", pathAndQuery,
                    failure, attempt, transport.retries(), delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Dhis2Exception(Dhis2Exception.Kind.INTERRUPTED, "Interrupted while waiting to retry", e);
            }
        }
    }

    private static String tries(int attempts) {
        return attempts == 1 ? "" : " (tried " + attempts + " times)";
    }

    private Response sendOnce(HttpRequest request, String pathAndQuery) throws Dhis2Exception {
        HttpResponse<String> answer;
        try {
            answer = transport.send(http, request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("no connection within " + transport.connectTimeout().toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer to " + pathAndQuery + " within " + transport.readTimeout().toSeconds() + " s",
                    e);
        } catch (ConnectException e) {
            boolean unknownHost = e.getCause() instanceof UnresolvedAddressException;
            throw unreachable(unknownHost ? "unknown host" : "connection refused", e);
        } catch (IOException e) {
            throw unreachable("the connection failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Dhis2Exception(Dhis2Exception.Kind.INTERRUPTED, "Interrupted while calling DHIS2 at " + base, e);
        } catch (IllegalArgumentException e) {
            throw new Dhis2Exception(Dhis2Exception.Kind.NOT_DHIS2, "Invalid DHIS2 URL " + base, e);
        }
        Response response = new Response(answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT), answer.body());
        String location = answer.headers().firstValue("Location").orElse("");
        if (response.status() == 401) {
            throw new Dhis2Exception(Dhis2Exception.Kind.UNAUTHORIZED,
                    "DHIS2 at " + base + " rejected the credentials (HTTP 401): check the username and password or token");
        }
        if (response.status() / 100 == 3) {
            if (location.toLowerCase(Locale.ROOT).contains("login")) {
                throw new Dhis2Exception(Dhis2Exception.Kind.UNAUTHORIZED, "DHIS2 at " + base
                        + " redirected to its login page: the credentials are wrong or this user cannot use the API");
            }
            throw new Dhis2Exception(Dhis2Exception.Kind.NOT_DHIS2, base + "/api" + pathAndQuery
                    + " redirects to " + location + ": use the final address (e.g. https) as the URL");
        }
        if (!response.json() && response.body().contains("login.action")) {
            throw new Dhis2Exception(Dhis2Exception.Kind.UNAUTHORIZED, "DHIS2 at " + base
                    + " answered with its login page: the credentials are wrong or the session expired");
        }
        return response;
    }

    private Dhis2Exception unreachable(String why, Exception cause) {
        String message = "Cannot reach DHIS2 at " + base + ": " + why;
        return new Dhis2Exception(Dhis2Exception.Kind.UNREACHABLE, message, new PeerUnavailableException(message, cause));
    }

    private static String describe(Response response) {
        String type = response.contentType().isEmpty() ? "" : " " + response.contentType().split(";")[0];
        return "HTTP " + response.status() + type;
    }

    /** DHIS2's WebMessage text when there is one: short and safe to show. */
    private String detail(Response response) {
        if (!response.json()) {
            return "";
        }
        try {
            String message = mapper.readTree(response.body()).path("message").asText("");
            return message.isEmpty() ? "" : ": " + message;
        } catch (IOException e) {
            return "";
        }
    }
}
