package org.georegistry.core.internal.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The geometry a type's objects carry; {@code NONE} means objects have no geometry. */
public enum GeometryType {
    POINT("Point"), POLYGON("Polygon"), MULTIPOLYGON("MultiPolygon"), NONE(null);

    private final String geoJsonType;

    GeometryType(String geoJsonType) {
        this.geoJsonType = geoJsonType;
    }

    /** The GeoJSON {@code type} this accepts, null for NONE. */
    public String geoJsonType() {
        return geoJsonType;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static GeometryType parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
