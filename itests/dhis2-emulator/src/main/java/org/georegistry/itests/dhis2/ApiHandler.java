package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/** Routes the DHIS2 Web API calls a sync provider makes; everything else is a DHIS2-style 404. */
final class ApiHandler implements HttpHandler {
    static final String LOGIN_PATH = "/dhis-web-commons/security/login.action";
    private static final String SYSTEM_ID = "eed3d451-4ff5-4193-b951-ffcc68954299";

    private final Dhis2Store store;
    private final Dhis2Version version;
    private final Auth auth;
    private final Faults faults;
    private final boolean loginRedirect;
    private final long maxBodyBytes;
    private final MetadataImporter importer;
    private final CountDownLatch closed;
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private volatile String baseUrl = "";
    private volatile Views views;

    ApiHandler(Dhis2Store store, Dhis2Version version, Auth auth, Faults faults, boolean loginRedirect,
            long maxBodyBytes, CountDownLatch closed) {
        this.store = store;
        this.version = version;
        this.auth = auth;
        this.faults = faults;
        this.loginRedirect = loginRedirect;
        this.maxBodyBytes = maxBodyBytes;
        this.closed = closed;
        this.importer = new MetadataImporter(store, version, faults::rejects);
    }

    void baseUrl(String url) {
        baseUrl = url;
        views = new Views(store, version, url + "/api");
    }

    int requestCount() {
        return requests.get();
    }

    int requestCount(String path) {
        AtomicInteger count = requestsByPath.get(path);
        return count == null ? 0 : count.get();
    }

    void resetCounters() {
        requests.set(0);
        requestsByPath.clear();
    }

    MetadataImporter importer() {
        return importer;
    }

    @Override
    public void handle(HttpExchange http) throws IOException {
        Exchange exchange = new Exchange(http, maxBodyBytes);
        try {
            requests.incrementAndGet();
            requestsByPath.computeIfAbsent(exchange.path(), k -> new AtomicInteger()).incrementAndGet();
            Faults.Kind fault = faults.await(exchange.path());
            if (fault != null && !injected(fault, exchange)) {
                return;
            }
            if (exchange.path().equals(LOGIN_PATH)) {
                exchange.html(200, loginPage());
                return;
            }
            if (exchange.declaresTooLargeBody()) {
                exchange.html(413, Exchange.proxyPage(413, "Request Entity Too Large"));
                return;
            }
            String user = auth.user(exchange.header("Authorization"));
            if (user == null) {
                unauthorized(exchange);
                return;
            }
            route(exchange, user);
        } catch (BadRequestException e) {
            exchange.webMessage(400, "Bad Request", e.getMessage());
        } catch (Exchange.BodyTooLargeException e) {
            exchange.html(413, Exchange.proxyPage(413, "Request Entity Too Large"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.drop();
        } catch (RuntimeException e) {
            exchange.webMessage(500, "Internal Server Error", e.toString());
        } finally {
            http.close();
        }
    }

    /** Answers with the fault; returns true when the request should then be handled as usual (truncation). */
    private boolean injected(Faults.Kind fault, Exchange exchange) throws IOException, InterruptedException {
        switch (fault) {
            case SERVER_ERROR -> exchange.webMessage(500, "Internal Server Error",
                    "java.lang.NullPointerException");
            case BAD_GATEWAY_HTML -> exchange.html(502, Exchange.proxyPage(502, "Bad Gateway"));
            case LOGIN_PAGE -> exchange.html(200, loginPage());
            case CONNECTION_CLOSED -> exchange.drop();
            case HANG -> {
                closed.await();
                exchange.drop();
            }
            case TRUNCATED_JSON -> {
                exchange.truncateResponse();
                return true;
            }
        }
        return false;
    }

    private void unauthorized(Exchange exchange) throws IOException {
        if (loginRedirect) {
            exchange.redirect(baseUrl + LOGIN_PATH);
            return;
        }
        exchange.setHeader("WWW-Authenticate", "Basic realm=\"DHIS2\"");
        exchange.webMessage(401, "Unauthorized", "Unauthorized");
    }

    private void route(Exchange exchange, String user) throws IOException {
        String path = exchange.path();
        String[] parts = path.split("/");
        boolean get = exchange.method().equals("GET");
        boolean post = exchange.method().equals("POST");
        if (parts.length < 3 || !parts[1].equals("api")) {
            notFound(exchange);
            return;
        }
        String resource = parts[2];
        if (get && path.equals("/api/system/info")) {
            exchange.json(200, systemInfo());
        } else if (get && path.equals("/api/system/id")) {
            exchange.json(200, codes(exchange.param("limit")));
        } else if (get && path.equals("/api/me")) {
            exchange.json(200, Json.NODES.objectNode().put("id", "M5zQapPyTZI").put("username", user)
                    .put("name", user).put("displayName", user));
        } else if (get && path.equals("/api/locales/dbLocales")) {
            exchange.json(200, dbLocales());
        } else if (path.equals("/api/metadata")) {
            if (post) {
                postMetadata(exchange, user);
            } else if (get) {
                exchange.json(200, store.read(() -> exportMetadata(exchange)));
            } else {
                notAllowed(exchange);
            }
        } else if (post && parts.length == 6 && resource.equals("organisationUnitGroups")
                && parts[4].equals("organisationUnits")) {
            addGroupMember(exchange, parts[3], parts[5]);
        } else if (get && parts.length <= 4 && resource(resource) != null) {
            Resource<?> collection = resource(resource);
            if (parts.length == 4) {
                single(exchange, collection, parts[3]);
            } else {
                exchange.json(200, store.read(() -> list(exchange, collection)));
            }
        } else {
            notFound(exchange);
        }
    }

    // ---- collections ----

    /** How to list one kind of object: its store, its view and its index lookups. */
    private record Resource<T>(String name, String klass, Function<Dhis2Store, Iterable<T>> all,
            Function<String, T> byId, Function<String, T> byCode, Function<T, ObjectNode> view,
            Function<Filter, Predicate<T>> direct) {

        Resource(String name, String klass, Function<Dhis2Store, Iterable<T>> all, Function<String, T> byId,
                Function<String, T> byCode, Function<T, ObjectNode> view) {
            this(name, klass, all, byId, byCode, view, filter -> null);
        }
    }

    /**
     * The filters on an org unit's own fields that are tested on the stored unit, without building its JSON: a
     * provider pages through a level of 100,000 units (level=5&pageSize=1000), and building every unit's JSON for
     * each page made the emulator, not the client, the slow side. Null for a filter that needs the JSON.
     */
    private static Predicate<OrgUnit> unitFilter(Filter filter) {
        if (filter.path().length == 2 && filter.path()[0].equals("parent") && filter.path()[1].equals("id")) {
            return unit -> filter.test(unit.parentId(), false);
        }
        if (filter.path().length != 1) {
            return null;
        }
        return switch (filter.path()[0]) {
            case "id" -> unit -> filter.test(unit.id(), false);
            case "code" -> unit -> filter.test(unit.code(), false);
            case "level" -> unit -> filter.test(Integer.toString(unit.level()), true);
            case "lastUpdated" -> unit -> filter.test(unit.lastUpdated(), false);
            default -> null;
        };
    }

    private Resource<?> resource(String resource) {
        return switch (resource) {
            case "organisationUnits" -> new Resource<>(resource, "OrganisationUnit", Dhis2Store::unitsInOrder,
                    store::unit, store::unitByCode, views::orgUnit, ApiHandler::unitFilter);
            case "organisationUnitGroups" -> new Resource<>(resource, "OrganisationUnitGroup",
                    Dhis2Store::groupsInOrder, store::group, store::groupByCode, views::group);
            case "organisationUnitLevels" -> new Resource<>(resource, "OrganisationUnitLevel",
                    s -> s.organisationUnitLevels(), store::levelById, code -> null, views::level);
            case "attributes" -> new Resource<>(resource, "Attribute", s -> s.attributes(),
                    store::attributeById, store::attributeByCode, views::attribute);
            case "optionSets" -> new Resource<>(resource, "OptionSet", s -> s.optionSets(), store::optionSet,
                    code -> null, views::optionSet);
            default -> null;
        };
    }

    private <T> void single(Exchange exchange, Resource<T> collection, String uid) throws IOException {
        JsonNode body = store.read(() -> {
            T object = collection.byId().apply(uid);
            return object == null ? null : fields(exchange.param("fields"), Fields.all())
                    .apply(collection.view().apply(object), views::any);
        });
        if (body == null) {
            exchange.webMessage(404, "Not Found", collection.klass() + " with id " + uid + " could not be found.");
        } else {
            exchange.json(200, body);
        }
    }

    /** page/pageSize/paging, filter (ANDed unless rootJunction=OR), level, fields; default fields id,displayName. */
    private <T> ObjectNode list(Exchange exchange, Resource<T> collection) {
        List<Filter> filters = new ArrayList<>();
        exchange.params("filter").forEach(f -> filters.add(Filter.parse(f)));
        if (exchange.param("level") != null) {
            filters.add(Filter.parse("level:eq:" + exchange.param("level")));
        }
        boolean or = "OR".equalsIgnoreCase(exchange.param("rootJunction"));
        Iterable<T> candidates = candidates(collection, filters, or);
        List<Predicate<T>> direct = new ArrayList<>();
        if (!or) {
            for (Iterator<Filter> it = filters.iterator(); it.hasNext(); ) {
                Predicate<T> test = collection.direct().apply(it.next());
                if (test != null) {
                    direct.add(test);
                    it.remove();
                }
            }
        }
        List<ObjectNode> matches = new ArrayList<>();
        List<T> unfiltered = new ArrayList<>();
        for (T object : candidates) {
            if (!direct.stream().allMatch(test -> test.test(object))) {
                continue;
            }
            if (filters.isEmpty()) {
                unfiltered.add(object);
                continue;
            }
            ObjectNode full = collection.view().apply(object);
            if (or ? filters.stream().anyMatch(f -> f.test(full)) : filters.stream().allMatch(f -> f.test(full))) {
                matches.add(full);
            }
        }
        int total = filters.isEmpty() ? unfiltered.size() : matches.size();
        boolean paging = !"false".equalsIgnoreCase(exchange.param("paging"));
        int pageSize = Math.max(1, intParam(exchange, "pageSize", 50));
        int pageCount = Math.max(1, (total + pageSize - 1) / pageSize);
        int page = Math.max(1, intParam(exchange, "page", 1));
        int from = paging ? Math.min(total, (page - 1) * pageSize) : 0;
        int to = paging ? Math.min(total, from + pageSize) : total;
        Fields fields = fields(exchange.param("fields"), Fields.parse("id,displayName"));
        ObjectNode body = Json.NODES.objectNode();
        if (paging) {
            ObjectNode pager = body.putObject("pager");
            pager.put("page", page).put("pageCount", pageCount).put("total", total).put("pageSize", pageSize);
            String url = baseUrl + "/api/" + collection.name() + "?pageSize=" + pageSize + "&page=";
            if (page < pageCount) {
                pager.put("nextPage", url + (page + 1));
            }
            if (page > 1) {
                pager.put("prevPage", url + (page - 1));
            }
        }
        ArrayNode items = body.putArray(collection.name());
        for (int i = from; i < to; i++) {
            ObjectNode full = filters.isEmpty() ? collection.view().apply(unfiltered.get(i)) : matches.get(i);
            items.add(fields.apply(full, views::any));
        }
        return body;
    }

    /** An id:eq/in or code:eq/in filter becomes hash lookups instead of a scan of every object. */
    private <T> Iterable<T> candidates(Resource<T> collection, List<Filter> filters, boolean or) {
        if (!or) {
            for (Filter filter : filters) {
                List<String> ids = filter.lookupValues("id");
                List<String> codes = filter.lookupValues("code");
                if (ids != null || codes != null) {
                    Function<String, T> lookup = ids != null ? collection.byId() : collection.byCode();
                    List<T> found = new ArrayList<>();
                    for (String key : ids != null ? ids : codes) {
                        T object = lookup.apply(key);
                        if (object != null && !found.contains(object)) {
                            found.add(object);
                        }
                    }
                    return found;
                }
            }
        }
        return collection.all().apply(store);
    }

    private static Fields fields(String spec, Fields fallback) {
        return spec == null || spec.isBlank() ? fallback : Fields.parse(spec);
    }

    private static int intParam(Exchange exchange, String name, int fallback) {
        String value = exchange.param(name);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid value for parameter " + name + ": " + value);
        }
    }

    // ---- metadata ----

    private ObjectNode exportMetadata(Exchange exchange) {
        ObjectNode body = Json.NODES.objectNode();
        body.putObject("system").put("id", SYSTEM_ID).put("rev", revision()).put("version", version.toString())
                .put("date", Json.now());
        Fields fields = fields(exchange.param("fields"), Fields.all());
        for (String type : List.of("attributes", "optionSets", "organisationUnitLevels", "organisationUnitGroups",
                "organisationUnits")) {
            if (!"true".equalsIgnoreCase(exchange.param(type))) {
                continue;
            }
            exportType(body.putArray(type), resource(type), fields);
        }
        return body;
    }

    private <T> void exportType(ArrayNode array, Resource<T> collection, Fields fields) {
        for (T object : collection.all().apply(store)) {
            array.add(fields.apply(collection.view().apply(object), views::any));
        }
    }

    /** The report in the envelope of the emulated release (errors/metadata-post-missing-openingdate_*.json). */
    private void postMetadata(Exchange exchange, String user) throws IOException {
        ImportParams params = ImportParams.from(exchange.singleParams(), user);
        MetadataPayload payload = MetadataPayload.read(exchange.body());
        ImportReport report = importer.run(payload, params);
        ObjectNode bare = report.toJson(version, params, params.fullReport());
        if (!version.atLeast(38)) {
            exchange.json(200, bare);
            return;
        }
        boolean ok = report.status() == ImportReport.Status.OK;
        ObjectNode message = ok ? Exchange.webMessage(200, "OK", "OK", null)
                : Exchange.webMessage(409, "Conflict", "WARNING",
                        "One or more errors occurred, please see full details in import report.");
        message.set("response", bare);
        exchange.json(ok ? 200 : 409, message);
    }

    private void addGroupMember(Exchange exchange, String groupId, String unitId) throws IOException {
        String missing = store.write(() -> {
            OrgUnitGroup group = store.group(groupId);
            if (group == null) {
                return "OrganisationUnitGroup with id " + groupId + " could not be found.";
            }
            if (store.unit(unitId) == null) {
                return "OrganisationUnit with id " + unitId + " could not be found.";
            }
            Set<String> members = new LinkedHashSet<>(group.members());
            members.add(unitId);
            store.putGroup(new OrgUnitGroup(group.id(), group.code(), group.name(), group.shortName(), members,
                    group.created(), Json.now()));
            return null;
        });
        if (missing != null) {
            exchange.webMessage(404, "Not Found", missing);
        } else {
            exchange.empty(204);
        }
    }

    // ---- system ----

    private ObjectNode systemInfo() {
        ObjectNode info = Json.NODES.objectNode();
        info.put("contextPath", baseUrl);
        info.put("calendar", "iso8601");
        info.put("dateFormat", "yyyy-mm-dd");
        info.put("serverDate", Json.now());
        info.put("version", version.toString());
        info.put("revision", revision());
        info.put("buildTime", "2024-01-01T00:00:00.000");
        info.put("environmentVariable", "DHIS2_HOME");
        info.putObject("databaseInfo").put("spatialSupport", true);
        info.put("encryption", false);
        info.put("emailConfigured", false);
        info.put("redisEnabled", false);
        info.put("systemId", SYSTEM_ID);
        info.put("systemName", "DHIS 2 emulator");
        info.put("instanceBaseUrl", baseUrl);
        info.put("isMetadataVersionEnabled", true);
        info.put("metadataSyncEnabled", false);
        return info;
    }

    private String revision() {
        return Integer.toHexString(version.toString().hashCode() & 0xfffffff);
    }

    /** At most 10000 codes per call, as SystemController caps the limit. */
    private static ObjectNode codes(String limitParam) {
        int limit;
        try {
            limit = limitParam == null ? 1 : Integer.parseInt(limitParam);
        } catch (NumberFormatException e) {
            throw new BadRequestException("Invalid value for parameter limit: " + limitParam);
        }
        limit = Math.max(1, Math.min(10000, limit));
        ObjectNode body = Json.NODES.objectNode();
        ArrayNode codes = body.putArray("codes");
        for (int i = 0; i < limit; i++) {
            codes.add(Uids.generate());
        }
        return body;
    }

    private static ArrayNode dbLocales() {
        ArrayNode locales = Json.NODES.arrayNode();
        String[][] known = {{"en", "English", "jS5kWHxKGpC"}, {"fr", "French", "Hxd58lGQjK1"},
            {"pt", "Portuguese", "bJY2XBfXoUW"}, {"lo", "Lao", "ZXbO0eKbTIq"}};
        for (String[] locale : known) {
            ObjectNode node = locales.addObject();
            node.put("name", locale[1]).put("locale", locale[0]).put("displayName", locale[1]).put("id", locale[2]);
            node.put("created", "2013-10-06T12:30:32.642").put("lastUpdated", "2013-10-06T12:30:32.642");
            node.putArray("translations");
            node.putArray("attributeValues");
        }
        return locales;
    }

    private static String loginPage() {
        return "<!DOCTYPE html><html><head><title>DHIS 2</title></head><body><form id=\"loginForm\" "
                + "action=\"../../dhis-web-commons-security/login.action\" method=\"post\"><input id=\"j_username\" "
                + "name=\"j_username\"><input id=\"j_password\" name=\"j_password\" type=\"password\">"
                + "<input type=\"submit\" value=\"Sign in\"></form></body></html>";
    }

    private static void notFound(Exchange exchange) throws IOException {
        exchange.webMessage(404, "Not Found", "Resource not found: " + exchange.path());
    }

    private static void notAllowed(Exchange exchange) throws IOException {
        exchange.webMessage(405, "Method Not Allowed", "Request method '" + exchange.method() + "' not supported");
    }
}
