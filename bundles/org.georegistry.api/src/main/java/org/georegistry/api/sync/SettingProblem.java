package org.georegistry.api.sync;

/**
 * A problem with one setting, reported back to the client as a field error.
 *
 * @param field the path of the field, e.g. {@code url} or {@code levels[2].type}
 * @param message what is wrong, in a sentence a user can act on
 */
public record SettingProblem(String field, String message) {}
