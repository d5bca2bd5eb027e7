package org.georegistry.api.sync;

import java.util.List;
import java.util.Objects;

/**
 * Describes one setting a provider needs.
 *
 * @param name the JSON field name
 * @param label what a form shows
 * @param type how the value is typed
 * @param required whether a value must be given
 * @param secret a write-only value (password, token): never returned by the API nor logged
 * @param options the allowed values of a {@link SettingType#CHOICE} setting, else empty
 * @param description a sentence of help, may be empty
 */
public record SettingDescriptor(
        String name,
        String label,
        SettingType type,
        boolean required,
        boolean secret,
        List<String> options,
        String description) {

    public SettingDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null ? name : label;
        options = options == null ? List.of() : List.copyOf(options);
        description = description == null ? "" : description;
    }

    public static SettingDescriptor required(String name, String label, SettingType type) {
        return new SettingDescriptor(name, label, type, true, false, List.of(), "");
    }

    public static SettingDescriptor optional(String name, String label, SettingType type) {
        return new SettingDescriptor(name, label, type, false, false, List.of(), "");
    }

    public static SettingDescriptor secret(String name, String label, boolean required) {
        return new SettingDescriptor(name, label, SettingType.TEXT, required, true, List.of(), "");
    }

    public static SettingDescriptor choice(String name, String label, boolean required, List<String> options) {
        return new SettingDescriptor(name, label, SettingType.CHOICE, required, false, options, "");
    }

    public SettingDescriptor withDescription(String text) {
        return new SettingDescriptor(name, label, type, required, secret, options, text);
    }
}
