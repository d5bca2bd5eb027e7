package org.georegistry.api.model;

/**
 * The parent of a Geo-Object in one hierarchy.
 *
 * @param hierarchy the hierarchy's code
 * @param typeCode the parent's Geo-Object Type code
 * @param code the parent's code
 */
public record ParentLink(String hierarchy, String typeCode, String code) {}
