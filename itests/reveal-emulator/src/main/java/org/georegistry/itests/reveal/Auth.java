package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic users and a Keycloak-style token endpoint ({@code POST /auth/realms/{realm}/protocol/openid-connect/token})
 * issuing bearer tokens for the client_credentials and password grants, with Keycloak's error bodies.
 */
final class Auth {
    /** Who a request is from; {@code canWrite} is false for a user with only the read roles. */
    record Principal(String name, boolean canWrite) {
    }

    private record Token(Principal principal, Instant expires) {
    }

    static final String TOKEN_PATH_PREFIX = "/auth/realms/";
    static final String TOKEN_PATH_SUFFIX = "/protocol/openid-connect/token";

    private final Map<String, String> passwords;
    private final Set<String> readOnly;
    private final Map<String, String> clients;
    private final String realm;
    private final Duration tokenLifetime;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    Auth(Map<String, String> passwords, Set<String> readOnly, Map<String, String> clients, String realm,
            Duration tokenLifetime) {
        this.passwords = Map.copyOf(passwords);
        this.readOnly = Set.copyOf(readOnly);
        this.clients = Map.copyOf(clients);
        this.realm = realm;
        this.tokenLifetime = tokenLifetime;
    }

    String tokenPath() {
        return TOKEN_PATH_PREFIX + realm + TOKEN_PATH_SUFFIX;
    }

    int tokensIssued() {
        return tokens.size();
    }

    /** The caller of an API request, or null when the Authorization header does not authenticate anyone. */
    Principal principal(String authorization) {
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Token token = tokens.get(authorization.substring(7).trim());
            return token == null || token.expires().isBefore(Instant.now()) ? null : token.principal();
        }
        String[] pair = basic(authorization);
        if (pair == null || !pair[1].equals(passwords.get(pair[0]))) {
            return null;
        }
        return new Principal(pair[0], !readOnly.contains(pair[0]));
    }

    /** Answers a token request as Keycloak does. */
    void token(Exchange exchange) throws IOException {
        if (!exchange.path().equals(tokenPath())) {
            exchange.json(404, error("Realm does not exist", null));
            return;
        }
        if (!exchange.method().equals("POST")) {
            exchange.json(405, error("HTTP 405 Method Not Allowed", null));
            return;
        }
        String contentType = exchange.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            exchange.json(400, error("invalid_request", "Content-Type must be application/x-www-form-urlencoded"));
            return;
        }
        Map<String, List<String>> form = Exchange.parseForm(exchange.bodyText());
        String clientId = first(form, "client_id");
        String clientSecret = first(form, "client_secret");
        String[] basic = basic(exchange.header("Authorization"));
        if (basic != null) {
            clientId = basic[0];
            clientSecret = basic[1];
        }
        String grant = first(form, "grant_type");
        if (grant == null) {
            exchange.json(400, error("invalid_request", "Missing form parameter: grant_type"));
            return;
        }
        if (clientId == null || !clients.containsKey(clientId)) {
            exchange.json(401, error("invalid_client", "Invalid client or Invalid client credentials"));
            return;
        }
        if (!clients.get(clientId).equals(clientSecret)) {
            exchange.json(401, error("unauthorized_client", "Invalid client secret"));
            return;
        }
        Principal principal;
        switch (grant) {
            case "client_credentials" -> principal = new Principal("service-account-" + clientId, true);
            case "password" -> {
                String user = first(form, "username");
                String password = first(form, "password");
                if (user == null || password == null || !password.equals(passwords.get(user))) {
                    exchange.json(401, error("invalid_grant", "Invalid user credentials"));
                    return;
                }
                principal = new Principal(user, !readOnly.contains(user));
            }
            default -> {
                exchange.json(400, error("unsupported_grant_type", "Unsupported grant_type"));
                return;
            }
        }
        String value = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        tokens.put(value, new Token(principal, Instant.now().plus(tokenLifetime)));
        ObjectNode answer = Json.NODES.objectNode();
        answer.put("access_token", value);
        answer.put("expires_in", tokenLifetime.toSeconds());
        answer.put("refresh_expires_in", 0);
        answer.put("token_type", "Bearer");
        answer.put("not-before-policy", 0);
        answer.put("scope", "profile email");
        exchange.setHeader("Cache-Control", "no-store");
        exchange.json(200, answer);
    }

    /** Ends every token now, as an administrator revoking sessions or a token outliving its lifetime. */
    void expireTokens() {
        tokens.replaceAll((k, t) -> new Token(t.principal(), Instant.EPOCH));
    }

    private static ObjectNode error(String error, String description) {
        ObjectNode node = Json.NODES.objectNode().put("error", error);
        if (description != null) {
            node.put("error_description", description);
        }
        return node;
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
