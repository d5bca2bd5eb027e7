package org.georegistry.sync.reveal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;
import org.georegistry.api.model.GeoObject;

/**
 * Geo-Objects as Reveal locations: the name from the label in the configured locale, the status from the validity
 * on the given day, and the external id a new object gets.
 */
final class Locations {

    private final ObjectMapper mapper;
    private final String locale;
    private final LocalDate today;

    Locations(ObjectMapper mapper, String locale, LocalDate today) {
        this.mapper = mapper;
        this.locale = locale;
        this.today = today;
    }

    /**
     * The id a new object gets in a system: a UUID derived from the system, type and code, so a run interrupted after
     * the server stored an object but before its id was recorded sends the same id again instead of a duplicate.
     */
    static String newId(String systemId, String type, String code) {
        return UUID.nameUUIDFromBytes(("georegistry:" + systemId + ":" + type + ":" + code)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    static boolean isUuid(String text) {
        try {
            return text != null && UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The label in the locale (falling back as {@code LocalizedText.get} does), else the code. */
    String name(GeoObject o) {
        String name = o.label().get(locale);
        return name == null || name.isBlank() ? o.code() : name;
    }

    boolean active(GeoObject o) {
        return o.validOn(today);
    }

    /** OpenSRP's PhysicalLocation: {type, id, geometry, properties {uid, code, type, status, parentId, name, ...}}. */
    ObjectNode openSrp(GeoObject o, String id, String parentId, int geographicLevel) throws IOException {
        ObjectNode feature = mapper.createObjectNode().put("type", "Feature").put("id", id);
        feature.set("geometry", geometry(o));
        ObjectNode p = feature.putObject("properties");
        p.put("uid", id);
        p.put("code", o.code());
        p.put("type", o.typeCode());
        p.put("status", active(o) ? "Active" : "Inactive");
        if (parentId != null) {
            p.put("parentId", parentId);
        }
        p.put("name", name(o));
        p.put("geographicLevel", geographicLevel);
        p.put("version", 0);
        if (o.validFrom() != null) {
            p.put("effectiveStartDate", o.validFrom().toString());
        }
        if (o.validTo() != null) {
            p.put("effectiveEndDate", o.validTo().toString());
        }
        return feature;
    }

    /** The Reveal server's LocationRequest: {type, geometry, properties {name, status, externalId, geographicLevel}}. */
    ObjectNode reveal(GeoObject o, String externalId, String geographicLevel) throws IOException {
        ObjectNode feature = mapper.createObjectNode().put("type", "Feature");
        feature.set("geometry", geometry(o));
        ObjectNode p = feature.putObject("properties");
        p.put("name", name(o));
        p.put("status", active(o) ? "ACTIVE" : "INACTIVE");
        p.put("externalId", externalId);
        p.put("geographicLevel", geographicLevel);
        return feature;
    }

    private JsonNode geometry(GeoObject o) throws IOException {
        return o.geometry() == null ? mapper.nullNode() : mapper.readTree(o.geometry());
    }
}
