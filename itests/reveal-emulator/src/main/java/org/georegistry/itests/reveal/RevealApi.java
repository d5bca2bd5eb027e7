package org.georegistry.itests.reveal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The Reveal server's {@code /api/v1} geographic levels, location hierarchies, locations and bulk upload
 * (akrosinc/reveal-server controllers and request DTOs): bean-validation failures answer ApiErrorResponse with
 * {@code fieldValidationErrors}, a missing entity a 404 ApiErrorResponse, unreadable JSON Spring's default 400,
 * and anything the database refuses a 500.
 */
final class RevealApi {
    static final String PREFIX = "/api/v1";
    private static final Pattern LEVEL_NAME = Pattern.compile("[a-z0-9\\-]+");
    private static final Set<String> STATUSES = Set.of("ACTIVE", "INACTIVE", "PENDING_REVIEW", "NOT_ELIGIBLE");

    /** An answer that ends the request: status and body. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient JsonNode body;

        Refusal(int status, JsonNode body) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    private final RevealStore store;
    private final Faults faults;

    RevealApi(RevealStore store, Faults faults) {
        this.store = store;
        this.faults = faults;
    }

    void handle(Exchange exchange, Auth.Principal principal) throws IOException {
        String path = exchange.path().substring(PREFIX.length());
        String method = exchange.method();
        if (!method.equals("GET") && !principal.canWrite()) {
            exchange.json(403, Router.accessDenied());
            return;
        }
        try {
            if (path.equals("/geographicLevel")) {
                if (method.equals("POST")) {
                    exchange.json(201, createLevel(jsonBody(exchange)));
                } else {
                    exchange.json(200, page(exchange, store.levels().stream().map(RevealApi::levelJson).toList()));
                }
            } else if (path.equals("/locationHierarchy")) {
                if (method.equals("POST")) {
                    exchange.json(201, createHierarchy(jsonBody(exchange)));
                } else {
                    exchange.json(200, page(exchange, store.hierarchies().stream().map(RevealApi::hierarchyJson).toList()));
                }
            } else if (path.equals("/location")) {
                if (method.equals("POST")) {
                    RevealStore.Location created = store.put(location(UUID.randomUUID(), jsonBody(exchange)));
                    exchange.json(201, locationJson(created, true));
                } else {
                    exchange.json(200, page(exchange, search(exchange)));
                }
            } else if (path.equals("/location/bulk")) {
                if (method.equals("POST")) {
                    exchange.json(202, Json.NODES.objectNode().put("identifier", bulk(exchange).toString()));
                } else {
                    exchange.json(200, page(exchange, store.bulks().stream().map(RevealApi::bulkJson).toList()));
                }
            } else if (path.startsWith("/location/bulk/") && method.equals("GET")) {
                RevealStore.Bulk bulk = store.bulk(uuid(path.substring(15), "identifier"))
                        .orElseThrow(() -> notFound("LocationBulk with identifier=" + path.substring(15) + " not found"));
                exchange.json(200, page(exchange, bulk.entries().stream().map(RevealApi::entryJson).toList()));
            } else if (path.startsWith("/location/") && path.indexOf('/', 10) < 0) {
                location(exchange, method, uuid(path.substring(10), "identifier"));
            } else {
                exchange.json(404, defaultError(404, "Not Found", exchange.path()));
            }
        } catch (Refusal r) {
            exchange.json(r.status, r.body);
        }
    }

    private void location(Exchange exchange, String method, UUID identifier) throws IOException, Refusal {
        RevealStore.Location existing = store.location(identifier)
                .orElseThrow(() -> notFound("Location with identifier=" + identifier + " not found"));
        switch (method) {
            case "GET" -> exchange.json(200, locationJson(existing, true));
            case "PUT" -> exchange.json(200, locationJson(store.put(location(identifier, jsonBody(exchange))), true));
            case "DELETE" -> {
                store.remove(identifier);
                exchange.empty(204);
            }
            default -> exchange.json(405, defaultError(405, "Method Not Allowed", exchange.path()));
        }
    }

    private ObjectNode createLevel(JsonNode body) throws Refusal {
        String title = Json.text(body, "title");
        String name = Json.text(body, "name");
        ArrayNode errors = Json.NODES.arrayNode();
        if (title == null || title.isBlank()) {
            errors.add(fieldError("title", title, "must not be empty"));
        }
        if (name == null || name.isBlank()) {
            errors.add(fieldError("name", name, "must not be empty"));
        } else if (!LEVEL_NAME.matcher(name).matches()) {
            errors.add(fieldError("name", name, "pattern not matched"));
        }
        if (!errors.isEmpty()) {
            throw validation(errors);
        }
        if (store.level(name).isPresent()) {
            throw new Refusal(409, apiError(409, "GeographicLevel with name " + name + " already exists"));
        }
        return levelJson(store.addLevel(name, title));
    }

    private ObjectNode createHierarchy(JsonNode body) throws Refusal {
        String name = Json.text(body, "name");
        JsonNode order = body.path("nodeOrder");
        ArrayNode errors = Json.NODES.arrayNode();
        if (name == null) {
            errors.add(fieldError("name", name, "location_hierarchy name is required and must not be empty"));
        }
        List<String> nodeOrder = new ArrayList<>();
        order.forEach(n -> nodeOrder.add(n.asText()));
        if (nodeOrder.isEmpty()) {
            errors.add(fieldError("nodeOrder", "", "node order list  is required and must not be empty"));
        } else if (new HashSet<>(nodeOrder).size() != nodeOrder.size()) {
            errors.add(fieldError("nodeOrder", nodeOrder.toString(), "duplicate nodes in hierarchy"));
        }
        if (!errors.isEmpty()) {
            throw validation(errors);
        }
        for (String level : nodeOrder) {
            if (store.level(level).isEmpty()) {
                throw notFound("GeographicLevel with name=" + level + " not found");
            }
        }
        if (store.hierarchies().stream().anyMatch(h -> h.nodeOrder().equals(nodeOrder))) {
            throw new Refusal(409, apiError(409, "Location Hierarchy with nodeOrder " + nodeOrder + " already exists"));
        }
        return hierarchyJson(store.addHierarchy(name, nodeOrder));
    }

    /** LocationService.createLocation / updateLocation on a LocationRequest {type, geometry, properties}. */
    private RevealStore.Location location(UUID identifier, JsonNode body) throws Refusal {
        JsonNode geometry = body.get("geometry");
        if (geometry == null || geometry.isNull()) {
            throw validation(Json.NODES.arrayNode().add(fieldError("geometry", null, "must not be null")));
        }
        JsonNode properties = body.get("properties");
        if (properties == null || !properties.isObject()) {
            throw serverError(); // properties is not validated: the service's getProperties() throws
        }
        ObjectNode stored = Json.NODES.objectNode();
        String name = Json.text(properties, "name");
        String status = Json.text(properties, "status");
        if (status != null && !STATUSES.contains(status.toUpperCase(Locale.ROOT))) {
            throw new Refusal(400, defaultError(400, "Bad Request", PREFIX + "/location"));
        }
        String externalId = Json.text(properties, "externalId");
        if (externalId != null) {
            uuid(externalId, "externalId");
        }
        String level = Json.text(properties, "geographicLevel");
        if (level == null || store.level(level).isEmpty()) {
            throw notFound("GeographicLevel with name=" + level + " not found");
        }
        Spatial.Shape shape;
        try {
            shape = Spatial.shape(geometry);
        } catch (IllegalArgumentException e) {
            throw serverError(); // PostGIS refuses the geometry
        }
        if (name == null || faults.rejects(name, externalId)) {
            throw serverError(); // the name column is NOT NULL
        }
        stored.put("name", name);
        stored.put("status", status == null ? null : status.toUpperCase(Locale.ROOT));
        stored.put("externalId", externalId);
        stored.put("geographicLevel", level);
        return new RevealStore.Location(identifier, Json.text(body, "type"), geometry, stored, shape);
    }

    /** LocationBulkController: the file part is read and its locations stored one by one, failures listed by name. */
    private UUID bulk(Exchange exchange) throws IOException, Refusal {
        Multipart.Part file = Multipart.part(exchange.header("Content-Type"), exchange.body(), "file");
        if (file == null) {
            throw new Refusal(400, defaultError(400, "Bad Request", exchange.path()));
        }
        JsonNode items;
        try {
            items = Json.MAPPER.readTree(file.content());
        } catch (IOException e) {
            items = null;
        }
        if (items == null || !items.isArray()) {
            throw new Refusal(400, apiError(400, "The file is not a JSON array of locations"));
        }
        List<RevealStore.BulkEntry> entries = new ArrayList<>();
        for (JsonNode item : items) {
            String name = Json.text(item.path("properties"), "name");
            String level = Json.text(item.path("properties"), "geographicLevel");
            if (level == null || store.level(level).isEmpty()) {
                entries.add(new RevealStore.BulkEntry(name, "GeographicLevel with name " + level + " does not exist",
                        "FAILED"));
                continue;
            }
            try {
                store.put(location(UUID.randomUUID(), item));
                entries.add(new RevealStore.BulkEntry(name, null, "SUCCESSFUL"));
            } catch (Refusal r) {
                entries.add(new RevealStore.BulkEntry(name, "GeoJSON is formatted incorrectly", "FAILED"));
            }
        }
        UUID id = UUID.randomUUID();
        store.addBulk(new RevealStore.Bulk(id, file.filename(), "COMPLETE", List.copyOf(entries)));
        return id;
    }

    private List<ObjectNode> search(Exchange exchange) {
        String search = exchange.param("search") == null ? "" : exchange.param("search").toLowerCase(Locale.ROOT);
        boolean summary = !"FALSE".equalsIgnoreCase(exchange.param("_summary"));
        return store.locations().stream()
                .filter(l -> l.name() != null && l.name().toLowerCase(Locale.ROOT).contains(search))
                .map(l -> locationJson(l, !summary)).toList();
    }

    private static JsonNode jsonBody(Exchange exchange) throws IOException, Refusal {
        String type = exchange.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            throw new Refusal(415, defaultError(415, "Unsupported Media Type", exchange.path()));
        }
        try {
            JsonNode node = Json.MAPPER.readTree(exchange.body());
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return node;
        } catch (IOException e) {
            throw new Refusal(400, defaultError(400, "Bad Request", exchange.path()));
        }
    }

    /** Spring Data's Page for {@code page} (from 0) and {@code size} (20 by default). */
    private static ObjectNode page(Exchange exchange, List<? extends JsonNode> all) throws Refusal {
        int page = intParam(exchange, "page", 0);
        int size = intParam(exchange, "size", 20);
        if (page < 0 || size < 1) {
            throw new Refusal(400, defaultError(400, "Bad Request", exchange.path()));
        }
        ObjectNode out = Json.NODES.objectNode();
        ArrayNode content = out.putArray("content");
        long from = (long) page * size;
        for (long i = from; i < Math.min(all.size(), from + size); i++) {
            content.add(all.get((int) i));
        }
        ObjectNode pageable = out.putObject("pageable");
        pageable.put("pageNumber", page).put("pageSize", size).put("offset", from).put("paged", true).put("unpaged", false);
        int totalPages = (all.size() + size - 1) / size;
        out.put("totalElements", all.size());
        out.put("totalPages", totalPages);
        out.put("last", page >= totalPages - 1);
        out.put("size", size);
        out.put("number", page);
        out.put("numberOfElements", content.size());
        out.put("first", page == 0);
        out.put("empty", content.isEmpty());
        return out;
    }

    private static int intParam(Exchange exchange, String name, int fallback) throws Refusal {
        String value = exchange.param(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Refusal(400, defaultError(400, "Bad Request", exchange.path()));
        }
    }

    private static UUID uuid(String text, String field) throws Refusal {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, defaultError(400, "Bad Request", field));
        }
    }

    static ObjectNode levelJson(RevealStore.Level l) {
        return Json.NODES.objectNode().put("identifier", l.identifier().toString()).put("name", l.name())
                .put("title", l.title());
    }

    static ObjectNode hierarchyJson(RevealStore.Hierarchy h) {
        ObjectNode node = Json.NODES.objectNode().put("identifier", h.identifier().toString()).put("name", h.name());
        ArrayNode order = node.putArray("nodeOrder");
        h.nodeOrder().forEach(order::add);
        return node;
    }

    static ObjectNode locationJson(RevealStore.Location l, boolean withGeometry) {
        ObjectNode node = Json.NODES.objectNode().put("identifier", l.identifier().toString()).put("type", l.type());
        if (withGeometry) {
            node.set("geometry", l.geometry());
        }
        node.set("properties", l.properties().deepCopy());
        return node;
    }

    private static ObjectNode bulkJson(RevealStore.Bulk b) {
        return Json.NODES.objectNode().put("identifier", b.identifier().toString()).put("filename", b.filename())
                .put("status", b.status());
    }

    private static ObjectNode entryJson(RevealStore.BulkEntry e) {
        return Json.NODES.objectNode().put("name", e.name()).put("message", e.message()).put("status", e.status());
    }

    private static ObjectNode fieldError(String field, String rejected, String message) {
        return Json.NODES.objectNode().put("field", field).put("rejectedValue", rejected == null ? "" : rejected)
                .put("messageKey", message);
    }

    private static Refusal validation(ArrayNode errors) {
        ObjectNode body = Json.NODES.objectNode().put("statusCode", 400).put("timestamp", LocalDateTime.now().toString());
        body.set("fieldValidationErrors", errors);
        return new Refusal(400, body);
    }

    private static Refusal notFound(String message) {
        return new Refusal(404, apiError(404, message));
    }

    private static Refusal serverError() {
        return new Refusal(500, defaultError(500, "Internal Server Error", null));
    }

    private static ObjectNode apiError(int status, String message) {
        return Json.NODES.objectNode().put("statusCode", status).put("timestamp", LocalDateTime.now().toString())
                .put("message", message);
    }

    /** Spring Boot's own error body, for failures outside the exception handler. */
    private static ObjectNode defaultError(int status, String error, String path) {
        return Json.NODES.objectNode().put("timestamp", LocalDateTime.now().toString()).put("status", status)
                .put("error", error).put("path", path);
    }
}
