package org.georegistry.itests.reveal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * OpenSRP's {@code /rest/location} (opensrp-server-web LocationResource): Gson reads the body into PhysicalLocation,
 * so a value of the wrong JSON type fails the whole request with 400; any other exception is a bare 500; a batch
 * answers 201 with a text naming the ids it could not store.
 */
final class OpenSrpApi {
    static final String PREFIX = "/rest/location";
    static final String ALL_PROCESSED = "All Locations  processed";
    static final String NOT_PROCESSED = "Locations with Ids not processed: ";

    /** Gson's JSON names of LocationProperty.PropertyStatus. */
    private static final Set<String> STATUSES = Set.of("Active", "Inactive", "Pending Review", "Not Eligible");

    private final OpenSrpStore store;
    private final Faults faults;

    OpenSrpApi(OpenSrpStore store, Faults faults) {
        this.store = store;
        this.faults = faults;
    }

    void handle(Exchange exchange, Auth.Principal principal) throws IOException {
        String path = exchange.path();
        String method = exchange.method();
        boolean jurisdiction = Boolean.parseBoolean(exchange.param("is_jurisdiction"));
        boolean write = method.equals("POST") || method.equals("PUT");
        if (write && !principal.canWrite()) {
            exchange.json(403, Router.accessDenied());
            return;
        }
        if (path.equals(PREFIX + "/add") && method.equals("POST")) {
            saveBatch(exchange, jurisdiction);
        } else if (path.equals(PREFIX) && write) {
            saveOne(exchange, jurisdiction);
        } else if (path.equals(PREFIX + "/sync") && method.equals("GET")) {
            sync(exchange, jurisdiction);
        } else if (path.startsWith(PREFIX + "/") && method.equals("GET")) {
            JsonNode found = jurisdiction ? store.jurisdiction(path.substring(PREFIX.length() + 1)).orElse(null) : null;
            // gson.toJson(null) is the text null, answered with 200
            exchange.json(200, found == null ? Json.NODES.nullNode() : found);
        } else {
            exchange.empty(method.equals("GET") ? 404 : 405);
        }
    }

    private void saveOne(Exchange exchange, boolean jurisdiction) throws IOException {
        ObjectNode location;
        try {
            JsonNode node = Json.MAPPER.readTree(exchange.body());
            if (node == null || !node.isObject()) {
                throw new JsonSyntaxError("expected a location object");
            }
            location = checked((ObjectNode) node);
            if (faults.unreadable(location)) {
                throw new JsonSyntaxError("unreadable by fault");
            }
        } catch (JsonSyntaxError | JsonProcessingException e) {
            exchange.empty(400);
            return;
        }
        String id = Json.text(location, "id");
        if (id == null || faults.rejects(id)) {
            // IllegalArgumentException("id not specified") or a database error, caught as Exception: a bare 500
            exchange.empty(500);
            return;
        }
        store.addOrUpdate(location, jurisdiction);
        exchange.empty(201);
    }

    private void saveBatch(Exchange exchange, boolean jurisdiction) throws IOException {
        ArrayNode locations;
        try {
            JsonNode node = Json.MAPPER.readTree(exchange.body());
            if (node == null || !node.isArray()) {
                throw new JsonSyntaxError("expected an array of locations");
            }
            locations = (ArrayNode) node;
            for (JsonNode location : locations) {
                if (!location.isObject()) {
                    throw new JsonSyntaxError("expected a location object");
                }
                checked((ObjectNode) location);
                if (faults.unreadable(location)) {
                    throw new JsonSyntaxError("unreadable by fault");
                }
            }
        } catch (JsonSyntaxError | JsonProcessingException e) {
            exchange.empty(400);
            return;
        }
        Set<String> notProcessed = new LinkedHashSet<>();
        for (JsonNode location : locations) {
            String id = Json.text(location, "id");
            if (id == null || faults.rejects(id)) {
                notProcessed.add(String.valueOf(id));
                continue;
            }
            store.addOrUpdate((ObjectNode) location, jurisdiction);
        }
        exchange.text(201, notProcessed.isEmpty() ? ALL_PROCESSED : NOT_PROCESSED + String.join(",", notProcessed));
    }

    private void sync(Exchange exchange, boolean jurisdiction) throws IOException {
        String serverVersion = exchange.param("serverVersion");
        if (serverVersion == null || !jurisdiction && exchange.param("parent_id") == null) {
            exchange.empty(400);
            return;
        }
        long since;
        try {
            since = Long.parseLong(serverVersion);
        } catch (NumberFormatException e) {
            since = 0; // the resource logs "server version not a number" and syncs everything
        }
        ArrayNode out = Json.NODES.arrayNode();
        if (jurisdiction) {
            store.since(since).forEach(out::add);
        }
        exchange.json(200, out);
    }

    /** The type checks Gson makes while reading PhysicalLocation; an unknown status becomes null, as Gson does. */
    private static ObjectNode checked(ObjectNode location) throws JsonSyntaxError {
        JsonNode properties = location.path("properties");
        if (properties.isMissingNode() || properties.isNull()) {
            return location;
        }
        if (!properties.isObject()) {
            throw new JsonSyntaxError("properties must be an object");
        }
        ObjectNode p = (ObjectNode) properties;
        for (String field : new String[] {"geographicLevel", "version"}) {
            JsonNode value = p.get(field);
            if (value != null && !value.isNull() && !value.isInt() && !(value.isTextual() && value.asText().matches("-?\\d+"))) {
                throw new JsonSyntaxError(field + " must be an integer");
            }
        }
        for (String field : new String[] {"effectiveStartDate", "effectiveEndDate"}) {
            String value = Json.text(p, field);
            if (value != null && !isoDate(value)) {
                throw new JsonSyntaxError(field + " must be an ISO-8601 date");
            }
        }
        String status = Json.text(p, "status");
        if (status != null && !STATUSES.contains(status)) {
            p.putNull("status");
        }
        return location;
    }

    private static boolean isoDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            try {
                OffsetDateTime.parse(value);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    /** What Gson's JsonSyntaxException stands for here: the body does not fit PhysicalLocation. */
    private static final class JsonSyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        JsonSyntaxError(String message) {
            super(message, null, false, false);
        }
    }
}
