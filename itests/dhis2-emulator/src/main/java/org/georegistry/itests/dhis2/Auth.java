package org.georegistry.itests.dhis2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Basic authentication, and from 2.37 on personal access tokens sent as {@code Authorization: ApiToken d2pat_...}. */
final class Auth {
    private final Map<String, String> passwords;
    private final Map<String, String> tokenUsers;
    private final Dhis2Version version;

    Auth(Map<String, String> passwords, Map<String, String> tokenUsers, Dhis2Version version) {
        this.passwords = Map.copyOf(passwords);
        this.tokenUsers = Map.copyOf(tokenUsers);
        this.version = version;
    }

    /** The user the header authenticates, or null. */
    String user(String authorization) {
        if (authorization == null) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = authorization.substring(0, space);
        String credentials = authorization.substring(space + 1).trim();
        if (scheme.equalsIgnoreCase("Basic")) {
            return basicUser(credentials);
        }
        if (scheme.equals("ApiToken") && version.hasApiTokens()) {
            return tokenUsers.get(credentials);
        }
        return null;
    }

    private String basicUser(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        String password = passwords.get(user);
        return password != null && password.equals(decoded.substring(colon + 1)) ? user : null;
    }
}
