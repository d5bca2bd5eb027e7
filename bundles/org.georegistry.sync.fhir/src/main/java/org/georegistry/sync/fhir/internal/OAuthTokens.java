package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.Settings;

/**
 * OAuth2 client-credentials tokens, fetched on first use and again shortly before they expire or when the FHIR
 * server refuses one. Cached per token URL, client and scope (and a hash of the secret, so a changed secret gets a
 * new token); never logged.
 */
final class OAuthTokens {

    /** A token is renewed this long before it expires, so a request never leaves with an expiring one. */
    static final Duration MARGIN = Duration.ofSeconds(30);
    /** Used when the token endpoint does not say how long a token lives. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    private record Token(String value, Instant expires) {}

    private final ObjectMapper mapper;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    OAuthTokens(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A valid access token for these settings, fetching a new one (within the system's timeouts) when needed. */
    String token(Settings settings, HttpClient http, HttpTransport transport) throws FhirException {
        String key = key(settings);
        Token token = tokens.get(key);
        if (token == null || !clock.instant().plus(MARGIN).isBefore(token.expires())) {
            token = fetch(settings, http, transport);
            tokens.put(key, token);
        }
        return token.value();
    }

    /** Forgets the token of these settings, after the FHIR server refused it. */
    void invalidate(Settings settings) {
        tokens.remove(key(settings));
    }

    private Token fetch(Settings settings, HttpClient http, HttpTransport transport) throws FhirException {
        String tokenUrl = settings.text(SystemSettings.TOKEN_URL, "");
        String clientId = settings.text(SystemSettings.CLIENT_ID, "");
        String secret = settings.text(SystemSettings.CLIENT_SECRET, "");
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        settings.text(SystemSettings.SCOPE).ifPresent(s -> form.append("&scope=").append(encode(s)));
        String basic = Base64.getEncoder().encodeToString(
                (encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                    .timeout(transport.readTimeout())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                    .build();
            answer = transport.send(http, request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw FhirException.unavailable(FhirException.Kind.UNREACHABLE, "Cannot reach the OAuth2 token endpoint "
                    + tokenUrl + ": " + (e instanceof HttpConnectTimeoutException ? "no connection within "
                            + transport.connectTimeout().toSeconds() : "no answer within "
                            + transport.readTimeout().toSeconds()) + " s", e);
        } catch (IOException e) {
            throw FhirException.unavailable(FhirException.Kind.UNREACHABLE, "Cannot reach the OAuth2 token endpoint "
                    + tokenUrl + ": " + FhirClient.describe(e), e);
        } catch (IllegalArgumentException e) {
            throw new FhirException(FhirException.Kind.UNREACHABLE, "Cannot reach the OAuth2 token endpoint "
                    + tokenUrl + ": " + FhirClient.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FhirException(FhirException.Kind.UNREACHABLE, "Interrupted while fetching an OAuth2 token", e);
        }
        if (answer.statusCode() == 400 || answer.statusCode() == 401 || answer.statusCode() == 403) {
            throw new FhirException(FhirException.Kind.UNAUTHORIZED, "The OAuth2 token endpoint " + tokenUrl
                    + " refused client '" + clientId + "' (HTTP " + answer.statusCode() + errorOf(answer.body())
                    + "): check the client id, secret and scope");
        }
        JsonNode json = null;
        try {
            json = answer.statusCode() == 200 ? mapper.readTree(answer.body()) : null;
        } catch (IOException e) {
            // reported below
        }
        if (json == null || !json.path("access_token").isTextual()) {
            throw new FhirException(FhirException.Kind.UNAUTHORIZED, "The OAuth2 token endpoint " + tokenUrl
                    + " answered HTTP " + answer.statusCode() + " without an access_token");
        }
        long seconds = json.path("expires_in").asLong(DEFAULT_LIFETIME.toSeconds());
        return new Token(json.path("access_token").asText(), clock.instant().plusSeconds(Math.max(1, seconds)));
    }

    /** RFC 6749 error code of a token endpoint's refusal; its description may echo input, so it is not shown. */
    private String errorOf(String body) {
        try {
            String error = mapper.readTree(body).path("error").asText("");
            return error.matches("[a-z_]{1,40}") ? ", " + error : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String key(Settings settings) {
        String secret = settings.text(SystemSettings.CLIENT_SECRET, "");
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return settings.text(SystemSettings.TOKEN_URL, "") + '\n' + settings.text(SystemSettings.CLIENT_ID, "")
                    + '\n' + settings.text(SystemSettings.SCOPE, "") + '\n' + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
