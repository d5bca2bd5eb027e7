package org.georegistry.core.internal.model;

/** What a synchronization configuration does; one configuration does one direction only. */
public enum Direction {
    EXPORT,
    IMPORT
}
