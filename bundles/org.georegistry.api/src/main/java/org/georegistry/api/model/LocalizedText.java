package org.georegistry.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A text in several locales, e.g. {@code {"en": "Northern Province", "fr": "Province du Nord"}}. The key
 * {@link #DEFAULT} holds the value shown when no locale matches.
 */
public record LocalizedText(Map<String, String> values) {

    public static final String DEFAULT = "default";

    public LocalizedText {
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static LocalizedText of(String text) {
        return new LocalizedText(Map.of(DEFAULT, text));
    }

    /**
     * The value for a locale: exact tag ({@code fr_CA}), then its language ({@code fr}), then any value of that
     * language in another country, then {@link #DEFAULT}, then the first value; null only when empty.
     */
    public String get(String locale) {
        if (locale != null && !locale.isBlank()) {
            String tag = locale.replace('-', '_');
            String exact = values.get(tag);
            if (exact != null) {
                return exact;
            }
            String language = tag.split("_")[0].toLowerCase(Locale.ROOT);
            String byLanguage = values.get(language);
            if (byLanguage != null) {
                return byLanguage;
            }
            for (Map.Entry<String, String> e : values.entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).startsWith(language + "_")) {
                    return e.getValue();
                }
            }
        }
        return defaultValue();
    }

    /** The default value, or the first one. */
    public String defaultValue() {
        String d = values.get(DEFAULT);
        return d != null ? d : values.values().stream().findFirst().orElse(null);
    }
}
