package org.georegistry.core.internal.model;

import org.georegistry.api.model.LocalizedText;

/**
 * A custom attribute of a Geo-Object Type.
 *
 * @param classification the classification of a TERM attribute, null otherwise
 */
public record Attribute(String code, LocalizedText label, AttributeType type, String classification, boolean required) {}
