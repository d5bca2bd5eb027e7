package org.georegistry.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates malformed and adversarial requests against every endpoint of the API, from a seed: near-valid bodies
 * with one field replaced by a wrong type, an injection string, a path traversal, a huge string or an invalid
 * geometry; broken syntax, deep nesting, invalid UTF-8, wrong content types, oversized bodies; bad query
 * parameters and hostile path segments. Each request says which stored thing it could change if accepted, so a
 * test can tell a change made by an accepted request from one a rejected request must never make.
 */
final class Attacks {

    /** One request; {@code touches} names what it may change when accepted (a listing key prefix), or null. */
    record Attack(String kind, String method, String path, String contentType, byte[] body, boolean chunked,
            String touches) {}

    private record Target(String method, String path, String body, String touches) {}

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int OVERSIZED_BYTES = 11 * 1024 * 1024;

    static final List<String> HOSTILE_STRINGS = List.of(
            "' OR '1'='1", "'; DROP TABLE geo_object; --", "1; SELECT pg_sleep(10) --", "\" OR 1=1 --", "admin'--",
            "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "..\\..\\windows\\win.ini", "/etc/passwd",
            "file:///etc/passwd", "data/secret.key", "../secret.key", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "%s%s%s%n", "\u0000", "\u0000../x", "\uFEFFcode", "\u202Eevil",
            "\uD800", "😀🏥", "", " ", "\t\n", "null", "NaN", "-1", "9223372036854775808", "1e309", "true",
            "A".repeat(100_000), "é".repeat(300_000), "x".repeat(65), "a b", "a/b", "a?b=c", "a#b", "%00", "%");

    private final Random random;
    private final List<Target> bodyTargets = new ArrayList<>();
    private final List<String> readPaths = new ArrayList<>();
    private final List<String> collections = List.of("organizations", "users", "classifications", "geo-object-types",
            "hierarchies", "geo-objects", "external-systems", "sync-configs", "jobs", "imports", "providers");

    Attacks(long seed, Fixture f, long adminId) {
        this.random = new Random(seed);
        long rcId = f.userIds.get("rc-moh");
        long configId = f.configIds.get("moh");
        String obj = "{\"type\":\"district-moh\",\"code\":\"NEW1\",\"label\":{\"en\":\"New\",\"fr\":\"Nouveau\"},"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[0.5,0.5]},\"attributes\":{\"population\":5,"
                + "\"kind\":\"public\"},\"parents\":{\"admin-moh\":\"P1\"},\"validFrom\":\"2020-01-01\"}";
        target("POST", "/api/organizations", "{\"code\":\"neworg\",\"label\":\"New\"}", "organizations/");
        target("PUT", "/api/organizations/moh", "{\"code\":\"moh\",\"label\":\"Org moh\"}", "organizations/moh");
        target("POST", "/api/users", "{\"username\":\"newuser\",\"password\":\"" + Fixture.PASSWORD
                + "\",\"organization\":\"moh\",\"roles\":[\"RC\"]}", "users/");
        target("PUT", "/api/users/" + rcId, "{\"password\":\"" + Fixture.PASSWORD
                + "\",\"organization\":\"moh\",\"roles\":[\"RC\"]}", "users/rc-moh");
        target("POST", "/api/users/" + adminId + "/tokens", "{\"name\":\"t\"}", "tokens/");
        target("POST", "/api/classifications", "{\"code\":\"newcl\",\"organization\":\"moh\",\"label\":\"L\","
                + "\"terms\":[{\"code\":\"a\",\"label\":\"A\"}]}", "classifications/");
        target("PUT", "/api/classifications/kind-moh", "{\"code\":\"kind-moh\",\"organization\":\"moh\",\"label\":\"Kind\","
                + "\"terms\":[{\"code\":\"public\",\"label\":\"Public\"},{\"code\":\"private\",\"label\":\"Private\"}]}",
                "classifications/kind-moh");
        String type = "{\"code\":\"newtype\",\"organization\":\"moh\",\"label\":\"T\",\"geometryType\":\"POINT\","
                + "\"attributes\":[{\"code\":\"a\",\"label\":\"A\",\"type\":\"integer\",\"required\":false}]}";
        target("POST", "/api/geo-object-types", type, "geo-object-types/");
        target("PUT", "/api/geo-object-types/district-moh", "{\"code\":\"district-moh\",\"organization\":\"moh\","
                + "\"label\":\"District\",\"geometryType\":\"POINT\",\"attributes\":[{\"code\":\"population\","
                + "\"label\":\"Population\",\"type\":\"integer\"},{\"code\":\"kind\",\"label\":\"Kind\",\"type\":\"term\","
                + "\"classification\":\"kind-moh\"}]}", "geo-object-types/district-moh");
        target("POST", "/api/hierarchies", "{\"code\":\"newh\",\"organization\":\"moh\",\"label\":\"H\",\"nodes\":"
                + "[{\"type\":\"province-moh\"},{\"type\":\"district-moh\",\"parent\":\"province-moh\"}]}", "hierarchies/");
        target("PUT", "/api/hierarchies/admin-moh", "{\"code\":\"admin-moh\",\"organization\":\"moh\",\"label\":\"A\","
                + "\"nodes\":[{\"type\":\"province-moh\"},{\"type\":\"district-moh\",\"parent\":\"province-moh\"}]}",
                "hierarchies/admin-moh");
        target("POST", "/api/geo-objects", obj, "geo-objects/");
        target("PUT", "/api/geo-objects/district-moh/D1", obj.replace("NEW1", "D1"), "geo-objects/district-moh/D1");
        target("PUT", "/api/geo-objects/district-moh/D1/external-ids/files-moh", "{\"externalId\":\"X1\"}",
                "geo-objects/district-moh/D1");
        target("POST", "/api/external-systems", "{\"id\":\"newsys\",\"type\":\"example\",\"organization\":\"moh\","
                + "\"label\":\"S\",\"settings\":{\"file\":\"x.geojsonl\"}}", "external-systems/");
        target("PUT", "/api/external-systems/files-moh", "{\"id\":\"files-moh\",\"type\":\"example\",\"organization\":"
                + "\"moh\",\"label\":\"Files\",\"settings\":{\"file\":\"out.geojsonl\"}}", "external-systems/files-moh");
        target("POST", "/api/sync-configs", "{\"label\":\"C\",\"externalSystem\":\"files-moh\",\"direction\":\"EXPORT\","
                + "\"settings\":{\"types\":\"district-moh\"},\"cron\":\"0 3 * * *\"}", "sync-configs/");
        target("PUT", "/api/sync-configs/" + configId, "{\"label\":\"To a file\",\"externalSystem\":\"files-moh\","
                + "\"direction\":\"EXPORT\",\"settings\":{\"types\":\"district-moh\"}}", "sync-configs/" + configId);
        target("POST", "/api/providers/example/validate", "{\"file\":\"x.geojsonl\"}", null);
        target("POST", "/api/imports", "{\"config\":{\"format\":\"csv\",\"type\":\"district-moh\",\"codeColumn\":\"code\","
                + "\"labelColumn\":\"name\"},\"content\":\"code,name\\nIMP1,Imported\\n\"}", "geo-objects/");
        readPaths.addAll(List.of("/api/me", "/api/organizations", "/api/users", "/api/users/" + rcId,
                "/api/users/" + adminId + "/tokens", "/api/classifications", "/api/geo-object-types", "/api/hierarchies",
                "/api/geo-objects", "/api/geo-objects/district-moh/D1", "/api/geo-objects/district-moh/D1/children",
                "/api/geo-objects/district-moh/D1/external-ids", "/api/geo-objects/by-external-id", "/api/providers",
                "/api/external-systems", "/api/external-systems/files-moh", "/api/sync-configs",
                "/api/sync-configs/" + configId, "/api/sync-configs/" + configId + "/jobs",
                "/api/sync-configs/" + configId + "/options", "/api/sync-configs/" + configId + "/export.geojson",
                "/api/sync-configs/" + configId + "/artifacts/x", "/api/external-systems/files-moh/artifacts/x",
                "/api/jobs/" + f.jobIds.get("moh"), "/api/jobs/" + f.jobIds.get("moh") + "/errors", "/api/imports/x"));
    }

    private void target(String method, String path, String body, String touches) {
        bodyTargets.add(new Target(method, path, body, touches));
    }

    /** The next request: about two in three mutate a body, the rest attack reads, paths and methods. */
    Attack next() {
        int dice = random.nextInt(100);
        Target t = bodyTargets.get(random.nextInt(bodyTargets.size()));
        if (dice < 8) {
            return invalidGeometry();
        } else if (dice < 40) {
            return fieldMutation(t);
        } else if (dice < 48) {
            return json(t, "syntax", brokenSyntax(t.body()));
        } else if (dice < 53) {
            return json(t, "deep-nesting", deepNesting());
        } else if (dice < 58) {
            return json(t, "invalid-utf8", invalidUtf8(t.body()));
        } else if (dice < 65) {
            return wrongContentType(t);
        } else if (dice < 82) {
            return badQuery();
        } else if (dice < 95) {
            return hostilePath();
        }
        return oddMethod(t);
    }

    /** A request whose body is far above the limit, with or without a declared length. */
    Attack oversized(boolean chunked) {
        Target t = bodyTargets.get(random.nextInt(bodyTargets.size()));
        byte[] body = new byte[OVERSIZED_BYTES];
        byte[] start = "{\"label\":\"".getBytes(StandardCharsets.UTF_8);
        java.util.Arrays.fill(body, (byte) 'a');
        System.arraycopy(start, 0, body, 0, start.length);
        return new Attack("oversized" + (chunked ? "-chunked" : ""), t.method(), t.path(), "application/json", body,
                chunked, t.touches());
    }

    /** A Geo-Object create or update whose only fault is its geometry. */
    private Attack invalidGeometry() {
        List<Target> objects = bodyTargets.stream().filter(t -> t.body().contains("\"geometry\"")).toList();
        Target t = objects.get(random.nextInt(objects.size()));
        ObjectNode root = (ObjectNode) read(t.body());
        root.set("geometry", badGeometry());
        return json(t, "invalid-geojson", root.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Attack json(Target t, String kind, byte[] body) {
        return new Attack(kind, t.method(), t.path(), "application/json", body, false, t.touches());
    }

    private Attack fieldMutation(Target t) {
        JsonNode root = read(t.body());
        List<ObjectNode> holders = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        collect(root, holders, fields);
        int mutations = 1 + random.nextInt(2);
        String kind = "field";
        for (int i = 0; i < mutations && !holders.isEmpty(); i++) {
            int pick = random.nextInt(holders.size());
            ObjectNode holder = holders.get(pick);
            String field = fields.get(pick);
            int how = random.nextInt(10);
            if (how == 0) {
                holder.remove(field);
                kind = "missing-field";
            } else if (how == 1) {
                holder.put(hostileString(), 1);
                kind = "unknown-field";
            } else if (how <= 3 && field.equals("geometry")) {
                holder.set(field, badGeometry());
                kind = "invalid-geojson";
            } else if (how <= 5) {
                holder.set(field, wrongType());
                kind = "wrong-type";
            } else {
                holder.put(field, hostileString());
                kind = "hostile-string";
            }
        }
        return json(t, kind, root.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Every object member in the tree, with its holder. */
    private static void collect(JsonNode node, List<ObjectNode> holders, List<String> fields) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                holders.add(object);
                fields.add(name);
            });
            object.elements().forEachRemaining(child -> collect(child, holders, fields));
        } else if (node instanceof ArrayNode array) {
            array.elements().forEachRemaining(child -> collect(child, holders, fields));
        }
    }

    private String hostileString() {
        return HOSTILE_STRINGS.get(random.nextInt(HOSTILE_STRINGS.size()));
    }

    private JsonNode wrongType() {
        return switch (random.nextInt(12)) {
            case 0 -> NODES.numberNode(123);
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(1.5e300);
            case 3 -> NODES.booleanNode(true);
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode();
            case 6 -> NODES.objectNode();
            case 7 -> NODES.arrayNode().add(NODES.arrayNode().add(NODES.arrayNode()));
            case 8 -> NODES.objectNode().put("en", 5);
            case 9 -> NODES.numberNode(new java.math.BigInteger("99999999999999999999999999999999"));
            case 10 -> NODES.arrayNode().add("a").add(2).add(NODES.nullNode());
            default -> NODES.textNode(hostileString());
        };
    }

    private JsonNode badGeometry() {
        String[] shapes = {
            "{\"type\":\"Point\",\"coordinates\":[1e400,0]}", "{\"type\":\"Point\",\"coordinates\":[\"a\",\"b\"]}",
            "{\"type\":\"Point\",\"coordinates\":[]}", "{\"type\":\"Point\"}", "{\"coordinates\":[1,2]}",
            "{\"type\":\"Point\",\"coordinates\":[200,100]}",             "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[0,1]]]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}",
            "{\"type\":\"Polygon\",\"coordinates\":[[]]}", "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0]]]]}",
            "{\"type\":\"LineString\",\"coordinates\":[[0,0]]}", "{\"type\":\"GeometryCollection\",\"geometries\":[]}",
            "{\"type\":\"GeometryCollection\"}", "{\"type\":\"Feature\",\"geometry\":null}",
            "{\"type\":\"FeatureCollection\",\"features\":[]}", "{\"type\":\"Circle\",\"coordinates\":[0,0]}",
            "{\"type\":\"' OR 1=1 --\",\"coordinates\":[0,0]}", "{\"type\":null,\"coordinates\":null}",
            "{\"type\":\"Point\",\"coordinates\":[[[[[[[[[[0]]]]]]]]]]}", "[0,0]", "\"POINT(0 0)\"", "0",
        };
        if (random.nextInt(20) == 0) {
            ArrayNode ring = NODES.arrayNode();
            for (int i = 0; i < 50_000; i++) {
                ring.add(NODES.arrayNode().add(random.nextDouble()).add(random.nextDouble()));
            }
            ObjectNode polygon = NODES.objectNode().put("type", "Polygon");
            polygon.set("coordinates", NODES.arrayNode().add(ring));
            return polygon;
        }
        return read(shapes[random.nextInt(shapes.length)]);
    }

    private byte[] brokenSyntax(String body) {
        String[] broken = {"", "[}", "{", "}", "null", "[]", "\"text\"", "123", "true", "{\"a\":}", "{'code':'x'}",
            "{\"code\":\"x\",}", "{\"code\":\"x\" /* c */}", "{\"code\":\"\\uZZZZ\"}", "{\"code\":\"x\"}{\"code\":\"y\"}",
            "\u0000", "{\"code\":NaN}", "{\"code\":0x10}", "{\"code\":01}", "{\"code\":\"unterminated}"};
        if (random.nextBoolean()) {
            return broken[random.nextInt(broken.length)].getBytes(StandardCharsets.UTF_8);
        }
        int cut = 1 + random.nextInt(Math.max(1, body.length() - 1));
        return (random.nextBoolean() ? body.substring(0, cut) : body + "garbage").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] deepNesting() {
        int depth = new int[] {65, 100, 1_000, 10_000, 200_000}[random.nextInt(5)];
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return (open.repeat(depth) + "1" + close.repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] invalidUtf8(String body) {
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}};
        byte[] source = body.getBytes(StandardCharsets.UTF_8);
        // inside the first string value, so the parser meets it while reading text
        int quote = body.indexOf(":\"");
        int at = quote < 0 ? random.nextInt(source.length) : quote + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(source, 0, at);
        out.writeBytes(bad[random.nextInt(bad.length)]);
        out.write(source, at, source.length - at);
        return out.toByteArray();
    }

    private Attack wrongContentType(Target t) {
        String[] types = {"text/plain", "application/xml", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded", null, "a/b/c", "application/json; charset=utf-99", "*/*", "json",
            "application/javascript", "text/csv", "application/octet-stream", "application/geo+json", ";;;"};
        String type = types[random.nextInt(types.length)];
        String[] bodies = {"<a><b/></a>", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--", "a=b&c=d",
            "code,name\n" + hostileString().replace("\n", " ") + ",x\n", "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e SYSTEM"
                + " \"file:///etc/passwd\">]><a>&e;</a>"};
        String body = random.nextInt(3) == 0 ? bodies[random.nextInt(bodies.length)] : brokenOrUnknown(t.body());
        return new Attack("content-type", t.method(), t.path(), type, body.getBytes(StandardCharsets.UTF_8), false,
                t.touches());
    }

    /** A body that must not be accepted whatever the content type is taken for: a field no endpoint knows. */
    private static String brokenOrUnknown(String body) {
        return body.substring(0, body.length() - 1) + ",\"noSuchField\":1}";
    }

    private Attack badQuery() {
        String path = readPaths.get(random.nextInt(readPaths.size()));
        String[] names = {"page", "pageSize", "type", "parent", "hierarchy", "updatedSince", "grouped", "system", "id",
            "externalSystem", "cascade", "full", "dryRun", "config"};
        StringBuilder query = new StringBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            String[] values = {"-1", "0", "abc", "99999999999999999999", "1.5", "", hostileString(), "1e3", "2147483648",
                "a/b/c", "x/", "/x", "moh/P1"};
            query.append(i == 0 ? '?' : '&').append(names[random.nextInt(names.length)]).append('=')
                    .append(encode(values[random.nextInt(values.length)]));
        }
        return new Attack("query", "GET", path + query, null, null, false, null);
    }

    private Attack hostilePath() {
        String collection = collections.get(random.nextInt(collections.size()));
        String a = encode(hostileString());
        String b = encode(hostileString());
        String[] shapes = {"/api/" + collection + "/" + a, "/api/" + collection + "/" + a + "/" + b,
            "/api/geo-objects/" + a + "/" + b + "/children", "/api/geo-objects/district-moh/" + a + "/external-ids/" + b,
            "/api/sync-configs/" + a + "/artifacts/" + b, "/api/external-systems/files-moh/artifacts/" + a,
            "/api/sync-configs/" + a + "/run", "/api/jobs/" + a + "/errors", "/api/jobs/" + a + "/cancel",
            "/api/users/" + a + "/tokens/" + b, "/api/external-systems/" + a + "/test",
            "/api/geo-objects/district-moh/%2e%2e%2f%2e%2e%2fusers", "/api/../api/users", "/api/%2e%2e/etc/passwd",
            "/api/jobs/99999999999999999999999", "/api/users/-1", "/api/sync-configs/1e3/jobs"};
        String path = shapes[random.nextInt(shapes.length)];
        String method = path.endsWith("/run") || path.endsWith("/cancel") || path.endsWith("/test") ? "POST"
                : new String[] {"GET", "GET", "DELETE", "PUT"}[random.nextInt(4)];
        byte[] body = method.equals("GET") || method.equals("DELETE") ? null
                : "{\"noSuchField\":1}".getBytes(StandardCharsets.UTF_8);
        return new Attack("path", method, path, body == null ? null : "application/json", body, false, null);
    }

    private Attack oddMethod(Target t) {
        String method = new String[] {"PATCH", "OPTIONS", "TRACE", "HEAD", "DELETE", "GET"}[random.nextInt(6)];
        byte[] body = method.equals("PATCH") ? "{\"noSuchField\":1}".getBytes(StandardCharsets.UTF_8) : null;
        String path = method.equals("DELETE") ? t.path() + "/" + encode(hostileString()) : t.path();
        return new Attack("method", method, path, body == null ? null : "application/json", body, false, null);
    }

    static String encode(String s) {
        // limited so that a path stays within what HTTP servers accept; huge strings go in bodies
        String cut = s.length() > 2000 ? s.substring(0, 2000) : s;
        return URLEncoder.encode(cut, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode read(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
