package org.georegistry.core.internal.model;

/** What a user may do. Only SRA spans organizations; the others act within the user's organization. */
public enum Role {
    /** System Administrator: everything, every organization. */
    SRA,
    /** Registry Administrator of one organization: its types, hierarchies, objects and users. */
    RA,
    /** Registry Maintainer: edits the organization's Geo-Objects and external ids. */
    RM,
    /** Registry Contributor: reads (contributions need a review workflow not built yet). */
    RC,
    /** Read-only API consumer. */
    CONSUMER;

    /** Whether this role may change Geo-Objects and external ids. */
    public boolean editsObjects() {
        return this == SRA || this == RA || this == RM;
    }

    /** Whether this role may change types, hierarchies, classifications and users. */
    public boolean administers() {
        return this == SRA || this == RA;
    }
}
