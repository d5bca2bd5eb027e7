package org.georegistry.core.internal.model;

import java.util.List;
import java.util.Optional;
import org.georegistry.api.model.LocalizedText;

/** A Geo-Object Type owned by an organization. */
public record GeoObjectType(
        String code, String organization, LocalizedText label, GeometryType geometryType, List<Attribute> attributes) {

    public GeoObjectType {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }

    public Optional<Attribute> attribute(String attributeCode) {
        return attributes.stream().filter(a -> a.code().equals(attributeCode)).findFirst();
    }
}
