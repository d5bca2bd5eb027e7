package org.georegistry.core.internal.providers;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.Settings;

/**
 * Checks settings against a provider's descriptors (unknown fields, required values, value types) and then lets
 * the provider add its own checks. A provider that throws while validating is reported as a problem, not a crash.
 */
public final class SettingsValidator {

    /** Longest text value accepted for a setting. */
    static final int MAX_TEXT = 4096;

    private SettingsValidator() {}

    /**
     * @param prefix prepended to field names in problems, e.g. {@code settings.}
     * @param providerCheck the provider's own validation, run after the descriptor checks
     */
    public static List<SettingProblem> validate(
            List<SettingDescriptor> descriptors,
            Map<String, Object> values,
            String prefix,
            Function<Settings, List<SettingProblem>> providerCheck) {
        List<SettingProblem> problems = new ArrayList<>();
        Set<String> known = new HashSet<>();
        descriptors.forEach(d -> known.add(d.name()));
        for (String name : new TreeSet<>(values.keySet())) {
            if (!known.contains(name)) {
                problems.add(new SettingProblem(prefix + name, "Unknown setting; known: " + new TreeSet<>(known)));
            }
        }
        for (SettingDescriptor d : descriptors) {
            String message = check(d, values.get(d.name()));
            if (message != null) {
                problems.add(new SettingProblem(prefix + d.name(), message));
            }
        }
        Set<String> reported = new HashSet<>();
        problems.forEach(p -> reported.add(p.field()));
        List<SettingProblem> own;
        try {
            own = providerCheck.apply(Settings.of(values));
        } catch (RuntimeException | LinkageError e) {
            String field = prefix.isEmpty() ? "settings" : prefix.substring(0, prefix.length() - 1);
            problems.add(new SettingProblem(field,
                    "The provider failed to validate these settings: " + e.getClass().getSimpleName()));
            return problems;
        }
        for (SettingProblem p : own == null ? List.<SettingProblem>of() : own) {
            String field = prefix + p.field();
            if (reported.add(field)) {
                problems.add(new SettingProblem(field, p.message()));
            }
        }
        return problems;
    }

    /** The problem with one value, or null when it is acceptable. */
    static String check(SettingDescriptor d, Object value) {
        boolean blank = value == null || (value instanceof String s && s.isBlank());
        if (blank) {
            return d.required() ? "Required" : null;
        }
        return switch (d.type()) {
            case TEXT -> value instanceof String s ? (s.length() > MAX_TEXT ? "Longer than " + MAX_TEXT + " characters" : null)
                    : "Expected a string";
            case URL -> value instanceof String s ? checkUrl(s) : "Expected a URL string";
            case INTEGER -> value instanceof Integer || value instanceof Long ? null : "Expected a whole number";
            case BOOLEAN -> value instanceof Boolean ? null : "Expected true or false";
            case CHOICE -> d.options().contains(value) ? null : "Expected one of " + d.options();
            case JSON -> value instanceof Map || value instanceof List ? null : "Expected a JSON object or array";
        };
    }

    static String checkUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                return "Expected an http or https URL";
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return "The URL has no host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "Not a valid URL: " + e.getReason();
        }
    }
}
