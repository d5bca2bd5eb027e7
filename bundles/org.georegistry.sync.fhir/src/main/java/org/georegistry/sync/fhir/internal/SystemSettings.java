package org.georegistry.sync.fhir.internal;

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
 * The settings of a FHIR external system: the server's base, the identifier system, the authentication, and the
 * timeouts and retries every provider shares ({@link HttpTransport}).
 */
final class SystemSettings {

    static final String URL = "url";
    static final String SYSTEM = "system";
    static final String AUTH = "auth";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String TOKEN = "token";
    static final String TOKEN_URL = "tokenUrl";
    static final String CLIENT_ID = "clientId";
    static final String CLIENT_SECRET = "clientSecret";
    static final String SCOPE = "scope";

    static final String NONE = "none";
    static final String BASIC = "basic";
    static final String BEARER = "bearer";
    static final String OAUTH2 = "oauth2";

    private SystemSettings() {}

    static List<SettingDescriptor> descriptors() {
        List<SettingDescriptor> descriptors = new ArrayList<>(List.of(
                SettingDescriptor.required(URL, "FHIR base URL", SettingType.URL)
                        .withDescription("The server's FHIR R4 base, e.g. https://fhir.example.org/fhir"),
                SettingDescriptor.required(SYSTEM, "Identifier system", SettingType.TEXT).withDescription(
                        "URI of the identifiers that carry Geo-Object codes, e.g. https://registry.moh.gov/code"),
                SettingDescriptor.choice(AUTH, "Authentication", false, List.of(NONE, BASIC, BEARER, OAUTH2))
                        .withDescription("Default none"),
                SettingDescriptor.optional(USERNAME, "Username (Basic)", SettingType.TEXT),
                SettingDescriptor.secret(PASSWORD, "Password (Basic)", false),
                SettingDescriptor.secret(TOKEN, "Bearer token", false),
                SettingDescriptor.optional(TOKEN_URL, "OAuth2 token URL", SettingType.URL),
                SettingDescriptor.optional(CLIENT_ID, "OAuth2 client id", SettingType.TEXT),
                SettingDescriptor.secret(CLIENT_SECRET, "OAuth2 client secret", false),
                SettingDescriptor.optional(SCOPE, "OAuth2 scope", SettingType.TEXT)
                        .withDescription("Space-separated scopes asked for with the client credentials grant")));
        descriptors.addAll(HttpTransport.descriptors());
        return descriptors;
    }

    static String auth(Settings settings) {
        return settings.text(AUTH, NONE).toLowerCase(Locale.ROOT);
    }

    static List<SettingProblem> validate(Settings settings) {
        List<SettingProblem> problems = new ArrayList<>();
        String url = settings.text(URL, "");
        String urlProblem = httpUrlProblem(url);
        if (urlProblem != null) {
            problems.add(new SettingProblem(URL, urlProblem));
        }
        String system = settings.text(SYSTEM, "");
        try {
            if (!new URI(system).isAbsolute()) {
                problems.add(new SettingProblem(SYSTEM, "Give an absolute URI, e.g. https://registry.moh.gov/code"));
            } else if (system.contains("|") || system.contains(" ")) {
                problems.add(new SettingProblem(SYSTEM, "An identifier system cannot contain '|' or spaces"));
            }
        } catch (URISyntaxException e) {
            problems.add(new SettingProblem(SYSTEM, "Not a valid URI: " + e.getReason()));
        }
        switch (auth(settings)) {
            case BASIC -> {
                require(settings, USERNAME, "Give the username for Basic authentication", problems);
                require(settings, PASSWORD, "Give the password for Basic authentication", problems);
            }
            case BEARER -> require(settings, TOKEN, "Give the bearer token", problems);
            case OAUTH2 -> {
                require(settings, TOKEN_URL, "Give the OAuth2 token endpoint", problems);
                require(settings, CLIENT_ID, "Give the OAuth2 client id", problems);
                require(settings, CLIENT_SECRET, "Give the OAuth2 client secret", problems);
                String tokenProblem = settings.has(TOKEN_URL) ? httpUrlProblem(settings.text(TOKEN_URL, "")) : null;
                if (tokenProblem != null) {
                    problems.add(new SettingProblem(TOKEN_URL, tokenProblem));
                }
            }
            case NONE -> { }
            default -> problems.add(new SettingProblem(AUTH, "Use none, basic, bearer or oauth2"));
        }
        problems.addAll(HttpTransport.problems(settings));
        return problems;
    }

    private static void require(Settings settings, String name, String message, List<SettingProblem> problems) {
        if (!settings.has(name)) {
            problems.add(new SettingProblem(name, message));
        }
    }

    private static String httpUrlProblem(String url) {
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return "Give an http or https address with a host";
            }
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return "Give the address without credentials, query or fragment";
            }
            return null;
        } catch (URISyntaxException e) {
            return "Not a valid address";
        }
    }
}
