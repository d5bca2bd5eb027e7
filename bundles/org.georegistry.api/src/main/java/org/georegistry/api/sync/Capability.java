package org.georegistry.api.sync;

/** What a provider can do with a system of its type. */
public enum Capability {
    /** Push registry objects to the external system. */
    EXPORT,
    /** Pull objects from the external system into the registry. */
    IMPORT,
    /** Show what an export would send without sending it (dry run / generated payload). */
    PREVIEW
}
