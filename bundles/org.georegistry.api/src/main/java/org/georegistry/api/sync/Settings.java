package org.georegistry.api.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only settings of an external system or a synchronization configuration. Values are what JSON gives:
 * {@link String}, {@link Number}, {@link Boolean}, {@link java.util.List} and {@link Map}. Secrets arrive
 * decrypted; providers must not log them.
 */
public final class Settings {

    private static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, Object> values;

    private Settings(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Settings of(Map<String, ?> values) {
        return values == null || values.isEmpty() ? EMPTY : new Settings(new LinkedHashMap<>(values));
    }

    public static Settings empty() {
        return EMPTY;
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String name) {
        Object v = values.get(name);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    public Object get(String name) {
        return values.get(name);
    }

    public Optional<String> text(String name) {
        Object v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.toString()).filter(s -> !s.isBlank());
    }

    public String text(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    public boolean flag(String name, boolean fallback) {
        Object v = values.get(name);
        if (v instanceof Boolean b) {
            return b;
        }
        return v == null ? fallback : Boolean.parseBoolean(v.toString());
    }

    public long number(String name, long fallback) {
        Object v = values.get(name);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? fallback : Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Never prints values: settings hold secrets. */
    @Override
    public String toString() {
        return "Settings" + values.keySet();
    }
}
