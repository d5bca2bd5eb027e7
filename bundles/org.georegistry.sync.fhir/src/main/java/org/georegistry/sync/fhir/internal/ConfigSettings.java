package org.georegistry.sync.fhir.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.georegistry.api.sync.SettingDescriptor;
import org.georegistry.api.sync.SettingProblem;
import org.georegistry.api.sync.SettingType;
import org.georegistry.api.sync.Settings;

/**
 * A synchronization configuration for a FHIR system. Export: the hierarchy, its levels (each a jurisdiction or a
 * facility level), the batch size, attribute mappings. Import: the transformation, the page size and settings for
 * the transformation. {@link #read} reports every problem with its field path.
 */
record ConfigSettings(
        String hierarchy,
        List<Level> levels,
        int batchSize,
        String preferredLocale,
        boolean includeBoundaries,
        List<AttributeMapping> attributes,
        String transformation,
        int pageSize,
        int transformationTimeout,
        String search,
        Map<String, Object> transformationSettings) {

    static final String HIERARCHY = "hierarchy";
    static final String LEVELS = "levels";
    static final String BATCH_SIZE = "batchSize";
    static final String PREFERRED_LOCALE = "preferredLocale";
    static final String INCLUDE_BOUNDARIES = "includeBoundaries";
    static final String ATTRIBUTES = "attributes";
    static final String TRANSFORMATION = "transformation";
    static final String PAGE_SIZE = "pageSize";
    static final String TRANSFORMATION_SETTINGS = "transformationSettings";
    static final String TRANSFORMATION_TIMEOUT = "transformationTimeout";
    static final String SEARCH = "search";

    static final int DEFAULT_BATCH = 250;
    static final int MAX_BATCH = 5000;
    static final int DEFAULT_PAGE = 200;
    static final int MAX_PAGE = 2000;
    static final int DEFAULT_TIMEOUT = 60;

    enum Kind {
        JURISDICTION("jurisdiction", "Jurisdiction", "jdn", "Jurisdiction"),
        FACILITY("facility", "Facility", "bu", "Building");

        final String code;
        final String display;
        final String physicalType;
        final String physicalDisplay;

        Kind(String code, String display, String physicalType, String physicalDisplay) {
            this.code = code;
            this.display = display;
            this.physicalType = physicalType;
            this.physicalDisplay = physicalDisplay;
        }
    }

    /** A level; {@code kind} null means: facility when the type's objects are points, else jurisdiction. */
    record Level(String type, Kind kind) {}

    /** A custom attribute sent as an extension (url) or as an identifier (system). */
    record AttributeMapping(String attribute, String extension, String identifierSystem) {}

    record Read(ConfigSettings config, List<SettingProblem> problems) {}

    static List<SettingDescriptor> descriptors() {
        return List.of(
                SettingDescriptor.required(HIERARCHY, "Hierarchy", SettingType.TEXT)
                        .withDescription("Export: the hierarchy sent; import: the hierarchy parents are set in"),
                SettingDescriptor.optional(LEVELS, "Levels", SettingType.JSON).withDescription(
                        "Export: [{type, kind: jurisdiction|facility}]; default every type of the hierarchy, a type"
                                + " of points being facilities"),
                SettingDescriptor.optional(BATCH_SIZE, "Objects per transaction", SettingType.INTEGER)
                        .withDescription("Export: default " + DEFAULT_BATCH + ", at most " + MAX_BATCH),
                SettingDescriptor.optional(PREFERRED_LOCALE, "Name locale", SettingType.TEXT)
                        .withDescription("Export: the locale of Location.name; the others become translations"),
                SettingDescriptor.optional(INCLUDE_BOUNDARIES, "Send boundaries", SettingType.BOOLEAN)
                        .withDescription("Export: polygons as the location-boundary-geojson extension (default true)"),
                SettingDescriptor.optional(ATTRIBUTES, "Attribute mappings", SettingType.JSON).withDescription(
                        "Export: [{attribute, extension: url}] or [{attribute, identifierSystem: uri}]"),
                SettingDescriptor.optional(TRANSFORMATION, "Import transformation", SettingType.TEXT)
                        .withDescription("Import: the id of an installed FHIR import transformation (see options)"),
                SettingDescriptor.optional(PAGE_SIZE, "Locations per page", SettingType.INTEGER)
                        .withDescription("Import: _count of each search page, default " + DEFAULT_PAGE),
                SettingDescriptor.optional(SEARCH, "Extra search parameters", SettingType.TEXT).withDescription(
                        "Import: added to the Location search, e.g. identifier=https://moh.gov/code| or partof=Location/12"),
                SettingDescriptor.optional(TRANSFORMATION_TIMEOUT, "Seconds per page", SettingType.INTEGER)
                        .withDescription("Import: how long the transformation may take over one page, default "
                                + DEFAULT_TIMEOUT),
                SettingDescriptor.optional(TRANSFORMATION_SETTINGS, "Transformation settings", SettingType.JSON)
                        .withDescription("Import: an object handed to the transformation as it is"));
    }

    static Read read(Settings settings, ObjectMapper mapper) {
        List<SettingProblem> problems = new ArrayList<>();
        String hierarchy = settings.text(HIERARCHY, "");
        if (hierarchy.isEmpty()) {
            problems.add(new SettingProblem(HIERARCHY, "Choose the hierarchy to synchronize"));
        }
        List<Level> levels = levels(json(settings.get(LEVELS), mapper), problems);
        int batch = bounded(settings, BATCH_SIZE, DEFAULT_BATCH, MAX_BATCH, problems);
        int page = bounded(settings, PAGE_SIZE, DEFAULT_PAGE, MAX_PAGE, problems);
        int timeout = bounded(settings, TRANSFORMATION_TIMEOUT, DEFAULT_TIMEOUT, 3600, problems);
        String search = settings.text(SEARCH, null);
        if (search != null && (!search.matches("[^\\s#?]+=[^\\s#?]*(&[^\\s#?]+=[^\\s#?]*)*")
                || search.matches("(.*&)?_(count|include)=.*"))) {
            problems.add(new SettingProblem(SEARCH, "Give name=value pairs joined by &, without spaces, _count or"
                    + " _include, e.g. identifier=https://moh.gov/code|"));
        }
        String locale = settings.text(PREFERRED_LOCALE, null);
        if (locale != null && !locale.matches("[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*")) {
            problems.add(new SettingProblem(PREFERRED_LOCALE, "Use a locale such as en, fr or pt_BR"));
        }
        List<AttributeMapping> attributes = attributes(json(settings.get(ATTRIBUTES), mapper), problems);
        String transformation = settings.text(TRANSFORMATION, null);
        if (transformation != null && !transformation.matches("[A-Za-z0-9][A-Za-z0-9._\\-]{0,99}")) {
            problems.add(new SettingProblem(TRANSFORMATION, "Use the id of an installed transformation"));
        }
        Object transformationSettings = settings.get(TRANSFORMATION_SETTINGS);
        Map<String, Object> own = Map.of();
        if (transformationSettings != null) {
            JsonNode node = json(transformationSettings, mapper);
            if (node == null || !node.isObject()) {
                problems.add(new SettingProblem(TRANSFORMATION_SETTINGS, "Give a JSON object"));
            } else {
                own = mapper.convertValue(node, mapper.getTypeFactory().constructMapType(Map.class, String.class,
                        Object.class));
            }
        }
        ConfigSettings config = problems.isEmpty()
                ? new ConfigSettings(hierarchy, levels, batch, locale, settings.flag(INCLUDE_BOUNDARIES, true),
                        attributes, transformation, page, timeout, search, own)
                : null;
        return new Read(config, List.copyOf(problems));
    }

    /** The configured level of a type, or null when levels are configured and this type is not one of them. */
    Level level(String type) {
        if (levels.isEmpty()) {
            return new Level(type, null);
        }
        return levels.stream().filter(l -> l.type().equals(type)).findFirst().orElse(null);
    }

    private static List<Level> levels(JsonNode node, List<SettingProblem> problems) {
        List<Level> levels = new ArrayList<>();
        if (node == null) {
            return levels;
        }
        if (!node.isArray()) {
            problems.add(new SettingProblem(LEVELS, "Give a list of {type, kind}"));
            return levels;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = LEVELS + "[" + i + "]";
            String type = node.get(i).path("type").asText("").trim();
            if (type.isEmpty()) {
                problems.add(new SettingProblem(at + ".type", "Choose the Geo-Object Type of this level"));
                continue;
            }
            if (!seen.add(type)) {
                problems.add(new SettingProblem(at + ".type", "Type " + type + " is configured twice"));
            }
            String kind = node.get(i).path("kind").asText("");
            Kind k = null;
            if (kind.equals("jurisdiction")) {
                k = Kind.JURISDICTION;
            } else if (kind.equals("facility")) {
                k = Kind.FACILITY;
            } else if (!kind.isEmpty()) {
                problems.add(new SettingProblem(at + ".kind", "Use jurisdiction or facility, not " + kind));
            }
            levels.add(new Level(type, k));
        }
        return levels;
    }

    private static List<AttributeMapping> attributes(JsonNode node, List<SettingProblem> problems) {
        List<AttributeMapping> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!node.isArray()) {
            problems.add(new SettingProblem(ATTRIBUTES, "Give a list of {attribute, extension | identifierSystem}"));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = ATTRIBUTES + "[" + i + "]";
            String attribute = node.get(i).path("attribute").asText("").trim();
            String extension = node.get(i).path("extension").asText("").trim();
            String system = node.get(i).path("identifierSystem").asText("").trim();
            if (attribute.isEmpty()) {
                problems.add(new SettingProblem(at + ".attribute", "Choose the attribute to send"));
            }
            if (extension.isEmpty() == system.isEmpty()) {
                problems.add(new SettingProblem(at, "Give either an extension URL or an identifier system"));
            } else if (!absoluteUri(extension.isEmpty() ? system : extension)) {
                problems.add(new SettingProblem(at + (extension.isEmpty() ? ".identifierSystem" : ".extension"),
                        "Give an absolute URI"));
            }
            out.add(new AttributeMapping(attribute, extension.isEmpty() ? null : extension,
                    system.isEmpty() ? null : system));
        }
        return out;
    }

    private static int bounded(Settings settings, String name, int fallback, int max, List<SettingProblem> problems) {
        long value = settings.number(name, fallback);
        if (value < 1 || value > max) {
            problems.add(new SettingProblem(name, "Use a number from 1 to " + max));
            return fallback;
        }
        return (int) value;
    }

    private static boolean absoluteUri(String text) {
        try {
            return new URI(text).isAbsolute() && !text.contains(" ");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Settings hold JSON values already parsed, or the JSON text when a client sent a string. */
    static JsonNode json(Object value, ObjectMapper mapper) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            try {
                return mapper.readTree(text);
            } catch (IOException e) {
                return mapper.getNodeFactory().textNode(text);
            }
        }
        return mapper.valueToTree(value);
    }
}
