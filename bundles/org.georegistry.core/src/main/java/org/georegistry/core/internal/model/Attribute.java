package org.georegistry.core.internal.model;

import org.georegistry.api.model.LocalizedText;

/**
 * A custom attribute of a Geo-Object Type.
 *
 * @param classification the classification of a TERM attribute, null otherwise
 * @param required false when omitted
 */
public record Attribute(String code, LocalizedText label, AttributeType type, String classification, Boolean required) {

    public Attribute {
        required = Boolean.TRUE.equals(required);
    }
}
