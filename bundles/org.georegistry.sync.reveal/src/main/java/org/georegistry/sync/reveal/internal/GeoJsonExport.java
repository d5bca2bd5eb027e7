package org.georegistry.sync.reveal.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Artifact;

/**
 * The Reveal-shaped GeoJSON of a hierarchy: a FeatureCollection whose features carry the properties of Reveal's
 * location upload ({@code name, status, externalId, geographicLevel}), parents before children, written as the
 * registry streams them. {@code updatedSince} limits it to objects changed since an instant; {@code page} (from 1)
 * and {@code pageSize} cut it into pages, the last one being shorter than {@code pageSize}. Objects without
 * geometry are left out: Reveal cannot place them.
 */
final class GeoJsonExport implements Artifact {

    static final String NAME = "export.geojson";
    static final int MAX_PAGE_SIZE = 10_000;
    static final int DEFAULT_PAGE_SIZE = 1_000;

    /** What a request asks for, checked before the response starts. */
    record Query(Optional<Instant> updatedSince, Integer page, Integer pageSize) {

        /** Reads the request parameters; IllegalArgumentException names the bad one. */
        static Query of(Map<String, List<String>> parameters) {
            String since = single(parameters, "updatedSince");
            Optional<Instant> updatedSince = Optional.empty();
            if (since != null) {
                try {
                    updatedSince = Optional.of(Instant.parse(since));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("updatedSince: use an ISO-8601 instant such as"
                            + " 2024-01-31T00:00:00Z, not '" + since + "'");
                }
            }
            Integer page = number(parameters, "page", 1, Integer.MAX_VALUE);
            Integer pageSize = number(parameters, "pageSize", 1, MAX_PAGE_SIZE);
            if (page != null && pageSize == null) {
                pageSize = DEFAULT_PAGE_SIZE;
            }
            if (pageSize != null && page == null) {
                page = 1;
            }
            return new Query(updatedSince, page, pageSize);
        }

        private static Integer number(Map<String, List<String>> parameters, String name, int min, int max) {
            String text = single(parameters, name);
            if (text == null) {
                return null;
            }
            try {
                int value = Integer.parseInt(text.trim());
                if (value >= min && value <= max) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new IllegalArgumentException(name + ": use a whole number from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '" + text + "'");
        }

        private static String single(Map<String, List<String>> parameters, String name) {
            List<String> values = parameters.get(name);
            if (values == null || values.isEmpty()) {
                return null;
            }
            if (values.size() > 1) {
                throw new IllegalArgumentException(name + ": give it once, not " + values.size() + " times");
            }
            return values.get(0).isBlank() ? null : values.get(0);
        }
    }

    private final ObjectMapper mapper;
    private final RegistryView registry;
    private final ExportConfig config;
    private final Flavour flavour;
    private final String systemId;
    private final Query query;
    private final Locations locations;

    GeoJsonExport(ObjectMapper mapper, RegistryView registry, ExportConfig config, Flavour flavour, String systemId,
            Query query) {
        this.mapper = mapper;
        this.registry = registry;
        this.config = config;
        this.flavour = flavour;
        this.systemId = systemId;
        this.query = query;
        this.locations = new Locations(mapper, config.locale(), LocalDate.now(ZoneOffset.UTC));
    }

    @Override
    public String fileName() {
        return config.hierarchy() + (query.page() == null ? "" : "-" + query.page()) + ".geojson";
    }

    @Override
    public String mediaType() {
        return "application/geo+json";
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        long skip = query.page() == null ? 0 : (long) (query.page() - 1) * query.pageSize();
        long limit = query.pageSize() == null ? Long.MAX_VALUE : query.pageSize();
        try (JsonGenerator json = mapper.getFactory().createGenerator(out);
                Stream<GeoObject> objects = registry.objectsParentFirst(config.hierarchy(), query.updatedSince())) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            json.writeStringField("type", "FeatureCollection");
            if (query.page() != null) {
                json.writeNumberField("page", query.page());
                json.writeNumberField("pageSize", query.pageSize());
            }
            json.writeArrayFieldStart("features");
            long written = 0;
            Iterator<GeoObject> it = objects.iterator();
            while (it.hasNext() && written < limit) {
                GeoObject o = it.next();
                if (o.geometry() == null || !config.exports(o.typeCode())) {
                    continue;
                }
                if (skip > 0) {
                    skip--;
                    continue;
                }
                feature(json, o);
                if (++written % 200 == 0) {
                    json.flush();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private void feature(JsonGenerator json, GeoObject o) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "Feature");
        json.writeStringField("id", o.code());
        json.writeFieldName("geometry");
        json.writeRawValue(o.geometry());
        json.writeObjectFieldStart("properties");
        json.writeStringField("name", locations.name(o));
        json.writeStringField("status", locations.active(o) ? "active" : "inactive");
        json.writeStringField("externalId", externalId(o));
        json.writeStringField("geographicLevel", config.geographicLevel(o.typeCode(), 0, Flavour.REVEAL));
        json.writeEndObject();
        json.writeEndObject();
    }

    /** What the provider sends as Reveal's externalId: OpenSRP's location id, or the Reveal server's externalId. */
    private String externalId(GeoObject o) {
        String recorded = o.externalIds().get(systemId);
        if (flavour == Flavour.OPENSRP && Locations.isUuid(recorded)) {
            return recorded;
        }
        return Locations.newId(systemId, o.typeCode(), o.code());
    }
}
