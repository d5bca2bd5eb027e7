package org.georegistry.sync.reveal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.PeerUnavailableException;

/**
 * The HTTP calls to one Reveal or OpenSRP server over the JDK client: authentication (Basic, or a bearer token
 * fetched from the token endpoint, cached, and fetched again once when the API says it expired), and the system's
 * {@link HttpTransport} timeouts and bounded retries of transient failures. A call is retried after any connection
 * failure only when it is safe to repeat ({@code idempotent}); otherwise only when the request cannot have reached
 * the server. A server that stays unavailable fails the call with a {@link PeerUnavailableException} cause.
 */
final class RevealClient {

    private static final Set<Integer> TRANSIENT = Set.of(429, 502, 503, 504);
    /** A rate-limited call waits at least this long. */
    private static final Duration RETRY_AFTER_429 = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(RevealClient.class.getName());

    /** One answer; the body is text because proxies also answer HTML. */
    record Response(int status, String contentType, String body) {
        boolean json() {
            String trimmed = body.stripLeading();
            return contentType.contains("json") || trimmed.startsWith("{") || trimmed.startsWith("[");
        }
    }

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final SystemSettings settings;
    private final HttpTransport transport;
    private String token;
    private Instant tokenExpires = Instant.MIN;

    /** @param http a client made by the transport ({@link HttpTransport#newClient()}) */
    RevealClient(HttpClient http, ObjectMapper mapper, SystemSettings settings, HttpTransport transport) {
        this.http = http;
        this.mapper = mapper;
        this.settings = settings;
        this.transport = transport;
    }

    String server() {
        return settings.flavour().label() + " at " + settings.url();
    }

    /** GET, answering the JSON of a 200. */
    JsonNode getJson(String pathAndQuery) throws RevealException {
        Response response = send("GET", pathAndQuery, null, null, true);
        if (response.status() != 200 || !response.json()) {
            throw wrongAnswer(pathAndQuery, response);
        }
        return parse(pathAndQuery, response);
    }

    /** Sends JSON; any answer past authentication is returned for the caller to read. */
    Response sendJson(String method, String pathAndQuery, byte[] body, boolean idempotent) throws RevealException {
        return send(method, pathAndQuery, "application/json", body, idempotent);
    }

    JsonNode parse(String pathAndQuery, Response response) throws RevealException {
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new RevealException(RevealException.Kind.WRONG_SERVER, settings.url() + pathAndQuery
                    + " answered JSON that cannot be read");
        }
    }

    /** The error for an answer that is not what the API gives: a 404 or HTML means a wrong URL or flavour. */
    RevealException wrongAnswer(String pathAndQuery, Response response) {
        boolean wrongServer = response.status() == 404 || !response.json() && response.status() < 500;
        String what = "HTTP " + response.status() + (response.contentType().isEmpty() ? ""
                : " " + response.contentType().split(";")[0]);
        return wrongServer
                ? new RevealException(RevealException.Kind.WRONG_SERVER, settings.url() + " does not answer as "
                        + settings.flavour().label() + " (" + what + " for " + pathAndQuery.split("\\?")[0]
                        + "): check the URL and the API setting")
                : new RevealException(RevealException.Kind.HTTP_ERROR, server() + " answered " + what + " to "
                        + pathAndQuery.split("\\?")[0] + detail(response));
    }

    private Response send(String method, String pathAndQuery, String contentType, byte[] body, boolean idempotent)
            throws RevealException {
        boolean tokenRenewed = false;
        for (int attempt = 1;; attempt++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(settings.url() + pathAndQuery))
                    .timeout(transport.readTimeout())
                    .header("Accept", "application/json")
                    .header("Authorization", authorization())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            Response response;
            try {
                response = exchange(request.build());
            } catch (RevealException e) {
                boolean retry = (idempotent || notSent(e)) && e.kind() == RevealException.Kind.UNREACHABLE
                        && !Thread.currentThread().isInterrupted();
                if (retry && attempt <= transport.retries()) {
                    pause(attempt, null, method + " " + pathAndQuery, e.getMessage());
                    continue;
                }
                throw attempt == 1 ? e : new RevealException(e.kind(), e.getMessage() + tries(attempt), e.getCause());
            }
            if (response.status() == 401 && settings.auth() == SystemSettings.Auth.OAUTH2 && !tokenRenewed) {
                tokenRenewed = true; // the token may have expired early (revoked, clock skew): fetch a new one once
                token = null;
                attempt--;
                continue;
            }
            if (TRANSIENT.contains(response.status()) && attempt <= transport.retries()) {
                pause(attempt, response, method + " " + pathAndQuery, "HTTP " + response.status());
                continue;
            }
            if (response.status() >= 502 && response.status() <= 504) {
                // a proxy's 502 to 504 that outlasted the retries: the server itself is down or restarting
                RevealException e = wrongAnswer(pathAndQuery, response);
                String message = e.getMessage() + tries(attempt);
                throw new RevealException(e.kind(), message, new PeerUnavailableException(message));
            }
            if (response.status() == 401) {
                throw new RevealException(RevealException.Kind.UNAUTHORIZED, server() + " rejected the credentials"
                        + " (HTTP 401): check the " + (settings.auth() == SystemSettings.Auth.BASIC
                                ? "username and password" : "client and user the token is issued for"));
            }
            if (response.status() == 403) {
                throw new RevealException(RevealException.Kind.FORBIDDEN, server() + " accepted the credentials but"
                        + " refused " + method + " " + pathAndQuery.split("\\?")[0] + " (HTTP 403): the account lacks"
                        + " the permission (e.g. to " + (method.equals("GET") ? "read" : "write") + " locations)");
            }
            return response;
        }
    }

    /** Whether the request cannot have reached the server, so that sending it again is safe whatever it does. */
    private static boolean notSent(RevealException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String tries(int attempts) {
        return attempts == 1 ? "" : " (tried " + attempts + " times)";
    }

    private void pause(int attempt, Response response, String what, String why) throws RevealException {
        Duration wait = transport.delay(attempt);
        if (response != null && response.status() == 429 && wait.compareTo(RETRY_AFTER_429) < 0) {
            wait = RETRY_AFTER_429;
        }
        LOG.log(System.Logger.Level.DEBUG, "{0} failed ({1}); try {2} of {3} in {4} ms", what, why, attempt + 1,
                transport.retries() + 1, wait.toMillis());
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RevealException(RevealException.Kind.UNREACHABLE, "Interrupted while waiting to retry " + what);
        }
    }

    private Response exchange(HttpRequest request) throws RevealException {
        HttpResponse<String> answer;
        try {
            answer = transport.send(http, request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(request, "no connection within " + transport.connectTimeout().toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw unreachable(request, "no answer to " + request.method() + " " + request.uri().getPath() + " within "
                    + transport.readTimeout().toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw unreachable(request, e.getCause() instanceof UnresolvedAddressException ? "unknown host"
                    : "connection refused", e);
        } catch (IOException e) {
            throw unreachable(request, "the connection failed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RevealException(RevealException.Kind.UNREACHABLE, "Interrupted while calling " + server(), e);
        }
        return new Response(answer.statusCode(),
                answer.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT), answer.body());
    }

    private RevealException unreachable(HttpRequest request, String why, Exception cause) {
        String host = request.uri().getScheme() + "://" + request.uri().getAuthority();
        String message = "Cannot reach " + host + ": " + why;
        return new RevealException(RevealException.Kind.UNREACHABLE, message, new PeerUnavailableException(message, cause));
    }

    private String authorization() throws RevealException {
        if (settings.auth() == SystemSettings.Auth.BASIC) {
            String pair = settings.username() + ":" + settings.password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        if (token == null || Instant.now().isAfter(tokenExpires)) {
            fetchToken();
        }
        return "Bearer " + token;
    }

    /** A token from the OAuth2 endpoint: the password grant when a username is set, else client credentials. */
    void fetchToken() throws RevealException {
        StringBuilder form = new StringBuilder();
        boolean password = settings.username() != null;
        form.append("grant_type=").append(password ? "password" : "client_credentials");
        form.append("&client_id=").append(encode(settings.clientId()));
        if (settings.clientSecret() != null) {
            form.append("&client_secret=").append(encode(settings.clientSecret()));
        }
        if (password) {
            form.append("&username=").append(encode(settings.username()))
                    .append("&password=").append(encode(settings.password()));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(settings.tokenUrl()))
                .timeout(transport.readTimeout())
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        Response response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = exchange(request.build());
                if (TRANSIENT.contains(response.status()) && attempt <= transport.retries()) {
                    pause(attempt, response, "the token request", "HTTP " + response.status());
                    response = null;
                }
            } catch (RevealException e) {
                if (attempt > transport.retries() || Thread.currentThread().isInterrupted()) {
                    throw new RevealException(e.kind(), e.getMessage() + " (the token endpoint" + (attempt == 1 ? ""
                            : ", tried " + attempt + " times") + ")", e.getCause());
                }
                pause(attempt, null, "the token request", e.getMessage());
            }
        }
        JsonNode answer = response.json() ? parseQuietly(response.body()) : null;
        if (response.status() == 200 && answer != null && answer.path("access_token").isTextual()) {
            token = answer.get("access_token").asText();
            long seconds = answer.path("expires_in").asLong(60);
            // renew a little early so a long batch does not start with a token about to expire
            tokenExpires = Instant.now().plusSeconds(Math.max(seconds - Math.min(30, seconds / 5), 1));
            return;
        }
        throw tokenError(response, answer, password);
    }

    private RevealException tokenError(Response response, JsonNode answer, boolean password) {
        String url = settings.tokenUrl();
        String error = answer == null ? "" : answer.path("error").asText("");
        String description = answer == null ? "" : answer.path("error_description").asText("");
        String said = description.isEmpty() ? error : error + ": " + description;
        if (error.equals("invalid_client") || error.equals("unauthorized_client")) {
            return new RevealException(RevealException.Kind.UNAUTHORIZED, "The token endpoint " + url
                    + " refused client " + settings.clientId() + " (" + said + "): check the client id and secret");
        }
        if (error.equals("invalid_grant")) {
            return new RevealException(RevealException.Kind.UNAUTHORIZED, "The token endpoint " + url
                    + " refused " + (password ? "the username or password of " + settings.username() : "the grant")
                    + " (" + said + ")");
        }
        if (response.status() == 404 || answer == null) {
            return new RevealException(RevealException.Kind.WRONG_SERVER, url + " is not a token endpoint (HTTP "
                    + response.status() + "): check the token URL and its realm");
        }
        return new RevealException(RevealException.Kind.UNAUTHORIZED, "The token endpoint " + url + " answered HTTP "
                + response.status() + (said.isEmpty() ? "" : " (" + said + ")"));
    }

    private JsonNode parseQuietly(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The server's short explanation when it gives one: Reveal's {@code message}, Keycloak's error. */
    String detail(Response response) {
        JsonNode node = response.json() ? parseQuietly(response.body()) : null;
        if (node == null) {
            return "";
        }
        String message = node.path("message").asText("");
        JsonNode fields = node.path("fieldValidationErrors");
        if (message.isEmpty() && fields.isArray() && !fields.isEmpty()) {
            StringBuilder b = new StringBuilder();
            fields.forEach(f -> b.append(b.length() == 0 ? "" : "; ").append(f.path("field").asText()).append(' ')
                    .append(f.path("messageKey").asText()));
            message = b.toString();
        }
        return message.isEmpty() ? "" : ": " + message;
    }

    private static URI uri(String text) throws RevealException {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new RevealException(RevealException.Kind.UNREACHABLE, "Invalid address " + text);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
