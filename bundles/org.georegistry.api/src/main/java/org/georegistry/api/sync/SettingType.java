package org.georegistry.api.sync;

/** Value types of a provider setting, as clients should edit them. */
public enum SettingType {
    TEXT,
    URL,
    INTEGER,
    BOOLEAN,
    /** One of {@link SettingDescriptor#options()}. */
    CHOICE,
    /** A structured JSON value (object or array) that the provider validates itself. */
    JSON
}
