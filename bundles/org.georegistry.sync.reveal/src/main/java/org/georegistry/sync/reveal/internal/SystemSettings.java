package org.georegistry.sync.reveal.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.georegistry.api.sync.HttpTransport;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;

/**
 * A Reveal system's connection: server address, API flavour and credentials, either HTTP Basic or an OAuth2 token
 * from a Keycloak-style endpoint (client credentials, or the password grant when a username is given), and the
 * timeouts and retries every provider shares ({@link HttpTransport}).
 */
record SystemSettings(String url, Flavour flavour, Auth auth, String username, String password, String tokenUrl,
        String clientId, String clientSecret, HttpTransport transport) {

    enum Auth {
        BASIC,
        OAUTH2
    }

    static final String URL = "url";
    static final String API = "api";
    static final String AUTH = "auth";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TOKEN_URL = "tokenUrl";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";

    /** Never prints credentials. */
    @Override
    public String toString() {
        return "SystemSettings[" + url + ", " + flavour + ", " + auth + "]";
    }

    static List<SettingDescriptor> descriptors() {
        List<SettingDescriptor> descriptors = new ArrayList<>(List.of(
                SettingDescriptor.required(URL, "URL", SettingType.URL)
                        .withDescription("Address of the server, e.g. https://reveal.example.org/opensrp"),
                SettingDescriptor.choice(API, "API", true, List.of(Flavour.OPENSRP.name(), Flavour.REVEAL.name()))
                        .withDescription("OPENSRP: an OpenSRP server (/rest/location); REVEAL: the Reveal server (/api/v1)"),
                SettingDescriptor.choice(AUTH, "Authentication", true, List.of(Auth.BASIC.name(), Auth.OAUTH2.name())),
                SettingDescriptor.optional(USERNAME, "Username", SettingType.TEXT)
                        .withDescription("Basic: required. OAuth2: give one to use the password grant"),
                SettingDescriptor.secret(PASSWORD, "Password", false),
                SettingDescriptor.optional(TOKEN_URL, "Token URL", SettingType.URL).withDescription(
                        "OAuth2: e.g. https://keycloak.example.org/auth/realms/reveal/protocol/openid-connect/token"),
                SettingDescriptor.optional(CLIENT_ID, "Client id", SettingType.TEXT),
                SettingDescriptor.secret(CLIENT_SECRET, "Client secret", false)));
        descriptors.addAll(HttpTransport.descriptors());
        return descriptors;
    }

    /** The settings and their problems; with problems the settings are null. */
    record Read(SystemSettings settings, List<SettingProblem> problems) {}

    static Read read(Settings s) {
        List<SettingProblem> problems = new ArrayList<>();
        String url = s.text(URL, "").trim();
        checkUrl(URL, url, problems);
        Flavour flavour = choice(s, API, Flavour.class, problems);
        Auth auth = choice(s, AUTH, Auth.class, problems);
        String username = s.text(USERNAME).orElse(null);
        String password = s.text(PASSWORD).orElse(null);
        if (auth == Auth.BASIC) {
            if (username == null) {
                problems.add(new SettingProblem(USERNAME, "Basic authentication needs a username"));
            } else if (password == null) {
                problems.add(new SettingProblem(PASSWORD, "Give the password of " + username));
            }
        } else if (auth == Auth.OAUTH2) {
            checkUrl(TOKEN_URL, s.text(TOKEN_URL, "").trim(), problems);
            if (!s.has(CLIENT_ID)) {
                problems.add(new SettingProblem(CLIENT_ID, "OAuth2 needs the client id registered at the token endpoint"));
            }
            if (username != null && password == null) {
                problems.add(new SettingProblem(PASSWORD, "The password grant needs the password of " + username
                        + " (or leave the username empty to use client credentials)"));
            }
        }
        problems.addAll(HttpTransport.problems(s));
        SystemSettings settings = problems.isEmpty()
                ? new SystemSettings(stripSlashes(url), flavour, auth, username, password,
                        s.text(TOKEN_URL, "").trim(), s.text(CLIENT_ID, null), s.text(CLIENT_SECRET, null),
                        HttpTransport.of(s))
                : null;
        return new Read(settings, List.copyOf(problems));
    }

    private static void checkUrl(String field, String url, List<SettingProblem> problems) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                problems.add(new SettingProblem(field, "Give an http or https address with a host"));
            } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                problems.add(new SettingProblem(field,
                        "Give the address without credentials, query or fragment: credentials have their own fields"));
            }
        } catch (URISyntaxException e) {
            problems.add(new SettingProblem(field, "Not a valid address"));
        }
    }

    private static <E extends Enum<E>> E choice(Settings s, String field, Class<E> type, List<SettingProblem> problems) {
        String value = s.text(field, "").trim().toUpperCase(Locale.ROOT);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            problems.add(new SettingProblem(field, "Use " + String.join(" or ", names)
                    + (value.isEmpty() ? "" : ", not " + s.text(field, ""))));
            return null;
        }
    }

    private static String stripSlashes(String url) {
        String u = url;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
