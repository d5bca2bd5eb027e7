package org.georegistry.fhir.transform.mcsd.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.georegistry.api.fhir.FhirImportContext;
import org.georegistry.api.fhir.FhirImportTransformation;
import org.georegistry.api.fhir.FhirLocation;
import org.georegistry.api.fhir.FhirResource;
import org.georegistry.api.model.GeoObjectChange;
import org.georegistry.api.model.LocalizedText;
import org.osgi.service.component.annotations.Component;

/**
 * Reads IHE mCSD Locations, as the FHIR provider exports them and as mCSD directories hold them:
 * <ul>
 * <li>code: the identifier of the external system's identifier system;
 * <li>type: a Location (or Organization) type coding of that system naming a type of the hierarchy, else
 *     {@code typeMap} ({@code {"<any type code>": "<Geo-Object Type>"}}), else {@code defaultType};
 * <li>label: the name, its translation extensions, the Organization's name when the Location has none;
 * <li>geometry: the location-boundary-geojson extension, else the position as a point;
 * <li>parent: {@code partOf} by the parent's Location id (the external id the registry keeps for it);
 * <li>validity: an inactive Location ends its validity the day it was last updated;
 * <li>attributes: {@code extensions} ({@code {"<extension url>": "<attribute>"}}) and {@code identifiers}
 *     ({@code {"<identifier system>": "<attribute>"}}) from the transformation settings.
 * </ul>
 */
@Component(property = FhirImportTransformation.ID_PROPERTY + "=" + McsdTransformation.ID)
public final class McsdTransformation implements FhirImportTransformation {

    static final String ID = "mcsd";
    static final String BOUNDARY = "http://hl7.org/fhir/StructureDefinition/location-boundary-geojson";
    static final String TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation";

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "IHE mCSD (default)";
    }

    @Override
    public List<GeoObjectChange> transform(FhirLocation location, FhirImportContext context) {
        JsonNode loc = read(location);
        JsonNode org = location.organization().map(this::read).orElse(null);
        String where = "Location/" + location.id();
        String code = identifier(loc, context.identifierSystem());
        if (code == null && org != null) {
            code = identifier(org, context.identifierSystem());
        }
        if (code == null) {
            throw new IllegalArgumentException(where + " has no identifier of system " + context.identifierSystem());
        }
        String type = type(loc, org, context);
        if (type == null) {
            throw new IllegalArgumentException(where + " (" + code + ") has no type coding naming a type of hierarchy "
                    + context.hierarchy() + " " + context.types() + "; map its codes with typeMap or set defaultType");
        }
        GeoObjectChange change = GeoObjectChange.of(type, code)
                .withLabel(label(loc, org))
                .withGeometry(geometry(loc, where))
                .withExternalId(location.id());
        Map<String, Object> attributes = attributes(loc, context.settings());
        if (!attributes.isEmpty()) {
            change = change.withAttributes(attributes);
        }
        String parent = referencedId(loc.path("partOf").path("reference").asText(""), "Location");
        if (parent != null) {
            change = change.withParentExternalId(context.hierarchy(), parent);
        }
        if ("inactive".equals(loc.path("status").asText())) {
            change = change.withValidity(null, lastUpdated(loc));
        }
        return List.of(change);
    }

    private JsonNode read(FhirResource resource) {
        try {
            return mapper.readTree(resource.json());
        } catch (IOException e) {
            throw new IllegalArgumentException(resource.resourceType() + "/" + resource.id() + " is not valid JSON");
        }
    }

    private static String identifier(JsonNode resource, String system) {
        for (JsonNode identifier : resource.path("identifier")) {
            if (system.equals(identifier.path("system").asText()) && !identifier.path("value").asText("").isBlank()) {
                return identifier.path("value").asText();
            }
        }
        return null;
    }

    private static String type(JsonNode loc, JsonNode org, FhirImportContext context) {
        Object typeMap = context.settings().get("typeMap");
        for (JsonNode resource : org == null ? List.of(loc) : List.of(loc, org)) {
            for (JsonNode concept : resource.path("type")) {
                for (JsonNode coding : concept.path("coding")) {
                    String code = coding.path("code").asText("");
                    if (context.identifierSystem().equals(coding.path("system").asText())
                            && context.types().contains(code)) {
                        return code;
                    }
                    if (typeMap instanceof Map<?, ?> map && map.get(code) instanceof String mapped) {
                        return mapped;
                    }
                }
            }
        }
        return context.settings().get("defaultType") instanceof String fallback ? fallback : null;
    }

    private static LocalizedText label(JsonNode loc, JsonNode org) {
        String name = loc.path("name").asText("");
        if (name.isBlank() && org != null) {
            name = org.path("name").asText("");
        }
        if (name.isBlank()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put(LocalizedText.DEFAULT, name);
        for (JsonNode extension : loc.path("_name").path("extension")) {
            if (!TRANSLATION.equals(extension.path("url").asText())) {
                continue;
            }
            String lang = null;
            String content = null;
            for (JsonNode part : extension.path("extension")) {
                if ("lang".equals(part.path("url").asText())) {
                    lang = part.path("valueCode").asText(null);
                } else if ("content".equals(part.path("url").asText())) {
                    content = part.path("valueString").asText(null);
                }
            }
            if (lang != null && content != null && lang.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
                values.put(lang.replace('-', '_'), content);
            }
        }
        return new LocalizedText(values);
    }

    private String geometry(JsonNode loc, String where) {
        for (JsonNode extension : loc.path("extension")) {
            if (BOUNDARY.equals(extension.path("url").asText())) {
                String data = extension.path("valueAttachment").path("data").asText("");
                try {
                    String text = new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
                    JsonNode geometry = mapper.readTree(text);
                    if (geometry.path("type").isTextual() && geometry.has("coordinates")) {
                        return text;
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // reported below
                }
                throw new IllegalArgumentException(where + " has a boundary that is not base64 GeoJSON");
            }
        }
        JsonNode position = loc.path("position");
        if (position.path("longitude").isNumber() && position.path("latitude").isNumber()) {
            return "{\"type\":\"Point\",\"coordinates\":[" + position.path("longitude").decimalValue().toPlainString()
                    + "," + position.path("latitude").decimalValue().toPlainString() + "]}";
        }
        return null;
    }

    private static Map<String, Object> attributes(JsonNode loc, Map<String, Object> settings) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (settings.get("extensions") instanceof Map<?, ?> byUrl) {
            for (JsonNode extension : loc.path("extension")) {
                if (byUrl.get(extension.path("url").asText()) instanceof String attribute) {
                    Object value = value(extension);
                    if (value != null) {
                        out.put(attribute, value);
                    }
                }
            }
        }
        if (settings.get("identifiers") instanceof Map<?, ?> bySystem) {
            for (JsonNode identifier : loc.path("identifier")) {
                if (bySystem.get(identifier.path("system").asText()) instanceof String attribute) {
                    out.put(attribute, identifier.path("value").asText());
                }
            }
        }
        return out;
    }

    /** The value of an extension in the Java type the registry expects for it. */
    private static Object value(JsonNode extension) {
        for (var it = extension.fields(); it.hasNext(); ) {
            var field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "valueString", "valueCode", "valueUri", "valueId" -> { return v.asText(); }
                case "valueBoolean" -> { return v.asBoolean(); }
                case "valueInteger", "valuePositiveInt", "valueUnsignedInt" -> { return v.asLong(); }
                case "valueDecimal" -> { return v.asDouble(); }
                case "valueDate" -> { return v.asText().length() == 10 ? LocalDate.parse(v.asText()) : null; }
                default -> { }
            }
        }
        return null;
    }

    /** The id of a reference to a resource type: {@code Location/12}, {@code http://x/fhir/Location/12/_history/3}. */
    static String referencedId(String reference, String resourceType) {
        String[] parts = reference.split("/");
        for (int i = parts.length - 2; i >= 0; i--) {
            if (parts[i].equals(resourceType) && !parts[i + 1].isEmpty() && !parts[i + 1].contains("?")) {
                return parts[i + 1];
            }
        }
        return null;
    }

    private static LocalDate lastUpdated(JsonNode loc) {
        String text = loc.path("meta").path("lastUpdated").asText("");
        try {
            return text.isEmpty() ? LocalDate.now() : OffsetDateTime.parse(text).toLocalDate();
        } catch (DateTimeParseException e) {
            return LocalDate.now();
        }
    }
}
