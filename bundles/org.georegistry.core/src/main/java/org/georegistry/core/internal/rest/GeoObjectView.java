package org.georegistry.core.internal.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import org.georegistry.api.model.GeoObject;

/**
 * How the API writes a {@link GeoObject} (a Jackson mix-in, so the API type stays free of Jackson): the stored
 * GeoJSON text as JSON rather than as a string, and {@code type} as in what clients send.
 */
abstract class GeoObjectView {

    @JsonProperty("type")
    abstract String typeCode();

    @JsonRawValue
    abstract String geometry();

    /** One page of objects. */
    record Page(List<GeoObject> items, int page, int pageSize, long total) {}
}
