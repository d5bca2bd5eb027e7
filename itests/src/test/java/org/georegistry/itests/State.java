package org.georegistry.itests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the API lists, item by item, keyed {@code collection/id} (Geo-Objects {@code geo-objects/type/code},
 * users by name), read as an administrator: two snapshots compare item by item.
 */
final class State {

    private State() {}

    static Map<String, String> of(Fixture f) {
        Map<String, String> out = new TreeMap<>();
        Http a = f.admin;
        items(out, "organizations", a.get("/api/organizations?pageSize=1000").json(), "code");
        items(out, "users", a.get("/api/users?pageSize=1000").json(), "username");
        items(out, "classifications", a.get("/api/classifications?pageSize=1000").json(), "code");
        items(out, "geo-object-types", a.get("/api/geo-object-types?pageSize=1000").json(), "code");
        items(out, "hierarchies", a.get("/api/hierarchies?pageSize=1000").json(), "code");
        items(out, "external-systems", a.get("/api/external-systems?pageSize=1000").json(), "id");
        items(out, "sync-configs", a.get("/api/sync-configs?pageSize=1000").json(), "id");
        long adminId = a.get("/api/me").json().path("id").asLong();
        items(out, "tokens", a.get("/api/users/" + adminId + "/tokens").json(), "id");
        for (int page = 1;; page++) {
            JsonNode objects = a.get("/api/geo-objects?pageSize=1000&page=" + page).json();
            for (JsonNode o : objects.path("items")) {
                String type = o.path("type").asText(o.path("typeCode").asText());
                out.put("geo-objects/" + type + "/" + o.path("code").asText(), o.toString());
            }
            if (page * 1000L >= objects.path("total").asLong()) {
                break;
            }
        }
        for (Map.Entry<String, Long> config : f.configIds.entrySet()) {
            items(out, "jobs", a.get("/api/sync-configs/" + config.getValue() + "/jobs?pageSize=1000").json(), "id");
        }
        return out;
    }

    private static void items(Map<String, String> out, String collection, JsonNode listing, String key) {
        JsonNode items = listing.isArray() ? listing : listing.path("items");
        if (!items.isArray()) {
            throw new AssertionError(collection + " is not a listing: " + listing);
        }
        for (JsonNode item : items) {
            out.put(collection + "/" + item.path(key).asText(), item.toString());
        }
    }
}
