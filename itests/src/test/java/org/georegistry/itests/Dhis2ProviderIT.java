package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.inject.Inject;
import org.georegistry.itests.dhis2.EmulatorInDriver;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The DHIS2 provider as an administrator uses it, through the REST API of the real server: the DHIS2 feature is
 * hot-deployed, a DHIS2 (the emulator, running in the JVM that drives the test) is registered, a hierarchy is
 * exported with levels, groups and attribute mappings, exported again incrementally, the form's options and the
 * DHIS2 app are fetched, and an import seeds a second hierarchy from the same DHIS2.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Dhis2ProviderIT {

    private static final String DHIS2_URL = "itest.dhis2.url";
    private static final String FEATURE = "itest.dhis2.feature";
    private static final String PASSWORD = "district";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.options("dhis2"));
        options.add(systemProperty(DHIS2_URL).value(EmulatorInDriver.start("2.40.5")));
        options.add(systemProperty(FEATURE).value(System.getProperty("georegistry.dhis2.feature")));
        return GeoRegistryRuntime.toFork(options);
    }

    @Test
    public void exportIncrementalRunOptionsAppAndImportThroughTheRestApi() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        deployFeature();
        Await.until("dhis2 provider", 10_000, () -> admin.get("/api/providers/dhis2").status() == 200);
        JsonNode provider = admin.get("/api/providers/dhis2").json();
        assertTrue(provider.toString(), provider.toString().contains("IMPORT"));
        String dhis2Url = context.getProperty(DHIS2_URL);
        Http dhis2 = new Http(URI.create(dhis2Url).getPort()).as("admin", PASSWORD);

        created(admin.post("/api/organizations", "{\"code\":\"moh\",\"label\":\"Ministry of Health\"}"));
        hierarchy(admin, "ADMIN", "province", "district", "facility");
        created(admin.post("/api/classifications", "{\"code\":\"ownership\",\"organization\":\"moh\",\"label\":"
                + "\"Ownership\",\"terms\":[{\"code\":\"PUBLIC\",\"label\":\"Public\"},{\"code\":\"PRIVATE\","
                + "\"label\":\"Private\"}]}"));
        put(admin, "/api/geo-object-types/facility", type("facility", "POINT",
                ",\"attributes\":[{\"code\":\"population\",\"label\":\"Population\",\"type\":\"integer\"},"
                        + "{\"code\":\"ownership\",\"label\":\"Ownership\",\"type\":\"term\",\"classification\":\"ownership\"}]"));
        object(admin, "province", "P1", "Northern", null, POLYGON, "");
        object(admin, "district", "D1", "Bombali", "P1", null, "");
        object(admin, "district", "D2", "Tonkolili", "P1", null, "");
        object(admin, "facility", "F1", "Makeni Hospital", "D1", POINT,
                ",\"attributes\":{\"population\":1200,\"ownership\":\"PUBLIC\"}");
        object(admin, "facility", "F2", "Magburaka Clinic", "D2", POINT,
                ",\"attributes\":{\"population\":300,\"ownership\":\"PRIVATE\"}");

        // the system: the password is write-only, the connection test reads DHIS2's version
        created(admin.post("/api/external-systems", "{\"id\":\"dhis2\",\"type\":\"dhis2\",\"organization\":\"moh\","
                + "\"label\":\"DHIS2\",\"settings\":{\"url\":\"" + dhis2Url + "\",\"username\":\"admin\",\"password\":\""
                + PASSWORD + "\",\"retries\":1}}"));
        String shown = admin.get("/api/external-systems/dhis2").body();
        assertFalse(shown, shown.contains("\"" + PASSWORD + "\""));
        assertTrue(shown, admin.get("/api/external-systems/dhis2").json().path("secrets").path("password").path("set").asBoolean());
        JsonNode test = admin.post("/api/external-systems/dhis2/test", "").json();
        assertTrue(test.toString(), test.path("ok").asBoolean());
        assertEquals("2.40.5", test.path("version").asText());

        // a configuration naming an image attribute is refused by the live DHIS2, naming the field
        Http.Reply refused = admin.post("/api/sync-configs", exportConfig("dhis2", "AtPhoto0001"));
        assertEquals(refused.body(), 400, refused.status());
        assertTrue(refused.body(), refused.body().contains("settings.levels[2].attributes[0].target"));
        long configId = created(admin.post("/api/sync-configs", exportConfig("dhis2", "AtPopulat01"))).path("id").asLong();

        JsonNode options = admin.get("/api/sync-configs/" + configId + "/options").json();
        assertEquals(options.toString(), List.of("AtPopulat01", "AtOwnShip01"), ids(options.path("attributes")));
        assertEquals("PUB", options.path("optionSets").path(0).path("options").path(0).path("code").asText());
        assertEquals(List.of("CXw2yu5fodb"), ids(options.path("orgUnitGroups")));

        JsonNode first = run(admin, configId, "");
        assertEquals(first.toString(), "SUCCESS", first.path("status").asText());
        assertEquals(5, first.path("processed").asInt());
        JsonNode units = dhis2.get("/api/organisationUnits?paging=false&fields=id,code,name,level,parent%5Bid%5D,"
                + "attributeValues%5Bvalue,attribute%5Bid%5D%5D").json().path("organisationUnits");
        assertEquals(units.toString(), 5, units.size());
        Map<String, JsonNode> byCode = new HashMap<>();
        units.forEach(u -> byCode.put(u.path("code").asText(), u));
        String f1 = externalId(admin, "facility", "F1");
        assertEquals(f1, byCode.get("F1").path("id").asText());
        assertEquals(externalId(admin, "district", "D1"), byCode.get("F1").path("parent").path("id").asText());
        assertEquals(3, byCode.get("F1").path("level").asInt());
        assertTrue(byCode.get("F1").path("attributeValues").toString(),
                byCode.get("F1").path("attributeValues").toString().contains("\"1200\""));
        assertTrue(byCode.get("F1").path("attributeValues").toString().contains("\"PUB\""));
        assertTrue(dhis2.get("/api/organisationUnitGroups/CXw2yu5fodb?fields=organisationUnits%5Bid%5D").body()
                .contains(f1));

        // incremental: only the renamed facility is sent
        put(admin, "/api/geo-objects/facility/F1", "{\"type\":\"facility\",\"code\":\"F1\",\"label\":\"Makeni Regional"
                + " Hospital\",\"geometry\":" + POINT + ",\"parents\":{\"ADMIN\":\"D1\"},\"attributes\":{\"population\":"
                + "1250,\"ownership\":\"PUBLIC\"}}");
        JsonNode second = run(admin, configId, "");
        assertEquals(second.toString(), "SUCCESS", second.path("status").asText());
        assertEquals(1, second.path("processed").asInt());
        assertEquals("Makeni Regional Hospital", dhis2.get("/api/organisationUnits/" + f1 + "?fields=name").json()
                .path("name").asText());

        // the DHIS2 app
        Map<String, byte[]> app = unzip(admin.getBytes("/api/external-systems/dhis2/dhis2-plugin.zip"));
        assertTrue(app.keySet().toString(), app.keySet().containsAll(List.of("manifest.webapp", "index.html",
                "icons/icon-128.png")));
        JsonNode manifest = Http.JSON.readTree(app.get("manifest.webapp"));
        assertEquals("index.html", manifest.path("launch_path").asText());
        String registry = "http://127.0.0.1:" + context.getProperty(GeoRegistryRuntime.PORT_PROPERTY);
        assertTrue(new String(app.get("index.html"), java.nio.charset.StandardCharsets.UTF_8)
                .contains("url='" + registry + "'"));

        // import: a second system on the same DHIS2 seeds another hierarchy (external ids are per system)
        hierarchy(admin, "DHIS2", "region", "area", "site");
        created(admin.post("/api/external-systems", "{\"id\":\"dhis2-source\",\"type\":\"dhis2\",\"organization\":"
                + "\"moh\",\"label\":\"DHIS2 source\",\"settings\":{\"url\":\"" + dhis2Url + "\",\"username\":\"admin\","
                + "\"password\":\"" + PASSWORD + "\"}}"));
        long importId = created(admin.post("/api/sync-configs", "{\"label\":\"From DHIS2\",\"externalSystem\":"
                + "\"dhis2-source\",\"direction\":\"IMPORT\",\"hierarchy\":\"DHIS2\",\"settings\":{\"hierarchy\":"
                + "\"DHIS2\",\"levels\":[{\"type\":\"region\"},{\"type\":\"area\"},{\"type\":\"site\"}]}}"))
                .path("id").asLong();
        JsonNode imported = run(admin, importId, "");
        assertEquals(imported.toString(), "SUCCESS", imported.path("status").asText());
        assertEquals(5, imported.path("processed").asInt());
        JsonNode site = admin.get("/api/geo-objects/site/F1").json();
        assertEquals(site.toString(), "Makeni Regional Hospital", site.path("label").path("default").asText(
                site.path("label").asText()));
        assertEquals(f1, externalIdIn(admin, "site", "F1", "dhis2-source"));
        assertTrue(site.toString(), site.toString().contains("D1"));

        // the timeouts and retries are settings of the system's form, checked field by field
        JsonNode schema = admin.get("/api/providers/dhis2").json().path("systemSettings");
        assertTrue(schema.toString(), schema.toString().contains("\"name\":\"readTimeoutSeconds\""));
        Http.Reply outOfRange = admin.post("/api/external-systems", "{\"id\":\"dhis2-bad\",\"type\":\"dhis2\","
                + "\"organization\":\"moh\",\"label\":\"Bad\",\"settings\":{\"url\":\"" + dhis2Url + "\","
                + "\"token\":\"d2pat_x\",\"readTimeoutSeconds\":0}}");
        assertEquals(outOfRange.body(), 400, outOfRange.status());
        assertTrue(outOfRange.body(), outOfRange.body().contains("settings.readTimeoutSeconds"));

        // a DHIS2 nobody answers for: FAILURE with stage CONNECTION_FAILED and a message saying why
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        created(admin.post("/api/external-systems", "{\"id\":\"dhis2-down\",\"type\":\"dhis2\",\"organization\":"
                + "\"moh\",\"label\":\"DHIS2 down\",\"settings\":{\"url\":\"http://127.0.0.1:" + closedPort
                + "\",\"username\":\"admin\",\"password\":\"" + PASSWORD + "\",\"retries\":1}}"));
        long downId = created(admin.post("/api/sync-configs", exportConfig("dhis2-down", "AtPopulat01")))
                .path("id").asLong();
        JsonNode down = run(admin, downId, "");
        assertEquals(down.toString(), "FAILURE", down.path("status").asText());
        assertEquals(down.toString(), "CONNECTION_FAILED", down.path("stage").asText());
        assertEquals("Cannot reach DHIS2 at http://127.0.0.1:" + closedPort + ": connection refused (tried 2 times)",
                down.path("message").asText());
    }

    private static final String POLYGON = "{\"type\":\"Polygon\",\"coordinates\":[[[-12,8],[-11,8],[-11,9],[-12,8]]]}";
    private static final String POINT = "{\"type\":\"Point\",\"coordinates\":[-12.04,8.88]}";

    private void deployFeature() throws Exception {
        Path feature = Path.of(context.getProperty(FEATURE));
        Path deploy = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY));
        try (var jars = Files.list(feature)) {
            for (Path jar : jars.toList()) {
                Path temp = deploy.resolveSibling(jar.getFileName() + ".tmp");
                Files.copy(jar, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temp, deploy.resolve(jar.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static String exportConfig(String system, String populationAttribute) {
        return "{\"label\":\"Hierarchy to DHIS2\",\"externalSystem\":\"" + system + "\",\"direction\":\"EXPORT\","
                + "\"hierarchy\":\"ADMIN\",\"settings\":{\"hierarchy\":\"ADMIN\",\"levels\":["
                + "{\"type\":\"province\",\"syncType\":\"ALL\"},{\"type\":\"district\",\"syncType\":\"ALL\"},"
                + "{\"type\":\"facility\",\"syncType\":\"ALL\",\"orgUnitGroups\":[\"CXw2yu5fodb\"],\"attributes\":["
                + "{\"source\":\"population\",\"target\":\"attribute:" + populationAttribute + "\"},"
                + "{\"source\":\"ownership\",\"target\":\"attribute:AtOwnShip01\",\"type\":\"OPTION_SET\","
                + "\"terms\":{\"PUBLIC\":\"PUB\",\"PRIVATE\":\"PRV\"}}]}]}}";
    }

    private static void hierarchy(Http admin, String code, String... types) {
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            created(admin.post("/api/geo-object-types", type(types[i], i == 0 ? "MULTIPOLYGON" : i == 1
                    ? "MULTIPOLYGON" : "POINT", "")));
            nodes.append(i == 0 ? "" : ",").append("{\"type\":\"").append(types[i]).append("\",\"parent\":")
                    .append(i == 0 ? "null" : "\"" + types[i - 1] + "\"").append("}");
        }
        created(admin.post("/api/hierarchies", "{\"code\":\"" + code + "\",\"organization\":\"moh\",\"label\":\""
                + code + "\",\"nodes\":[" + nodes + "]}"));
    }

    private static String type(String code, String geometry, String extra) {
        return "{\"code\":\"" + code + "\",\"organization\":\"moh\",\"label\":\"" + code + "\",\"geometryType\":\""
                + geometry + "\"" + extra + "}";
    }

    private static void object(Http admin, String type, String code, String label, String parent, String geometry,
            String extra) {
        created(admin.post("/api/geo-objects", "{\"type\":\"" + type + "\",\"code\":\"" + code + "\",\"label\":\""
                + label + "\"" + (geometry == null ? "" : ",\"geometry\":" + geometry)
                + (parent == null ? "" : ",\"parents\":{\"ADMIN\":\"" + parent + "\"}") + extra + "}"));
    }

    /** Runs a configuration and waits for its job to end; answers the job. */
    private static JsonNode run(Http admin, long configId, String query) {
        Http.Reply run = admin.post("/api/sync-configs/" + configId + "/run" + query, "");
        assertEquals(run.body(), 202, run.status());
        long jobId = run.json().path("id").asLong();
        Await.until("job " + jobId + " ends", 60_000,
                () -> admin.get("/api/jobs/" + jobId).json().path("finished").isTextual());
        JsonNode job = admin.get("/api/jobs/" + jobId).json();
        if (!"SUCCESS".equals(job.path("status").asText())) {
            return ((com.fasterxml.jackson.databind.node.ObjectNode) job.deepCopy()).put("errors",
                    admin.get("/api/jobs/" + jobId + "/errors").body());
        }
        return job;
    }

    private static String externalId(Http admin, String type, String code) {
        return externalIdIn(admin, type, code, "dhis2");
    }

    private static String externalIdIn(Http admin, String type, String code, String system) {
        JsonNode ids = admin.get("/api/geo-objects/" + type + "/" + code + "/external-ids").json();
        if (!ids.path(system).isTextual()) {
            throw new AssertionError("No external id of " + system + " for " + type + "/" + code + ": " + ids);
        }
        return ids.path(system).asText();
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("id").asText()));
        return ids;
    }

    private static JsonNode created(Http.Reply reply) {
        assertTrue(reply.status() + " " + reply.body(), reply.status() == 200 || reply.status() == 201);
        return reply.json();
    }

    private static void put(Http admin, String path, String body) {
        Http.Reply reply = admin.put(path, body);
        assertEquals(reply.body(), 200, reply.status());
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertNotNull(entries.get("manifest.webapp"));
        return entries;
    }
}
