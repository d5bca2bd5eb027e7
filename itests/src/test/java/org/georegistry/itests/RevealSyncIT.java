package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The Reveal provider in the running server against the Reveal/OpenSRP emulator: register an OpenSRP system (Basic)
 * and a Reveal server (OAuth2), export a hierarchy to each, check what the peer stored and the external ids the
 * registry kept, run again incrementally, and download the Reveal GeoJSON with paging.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RevealSyncIT {

    private static final String JAR_PROPERTY = "itest.reveal.jar";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.options("reveal"));
        options.add(systemProperty(JAR_PROPERTY).value(System.getProperty("georegistry.reveal.jar")));
        options.add(systemProperty(RevealEmulatorProcess.CLASSPATH_PROPERTY)
                .value(System.getProperty(RevealEmulatorProcess.CLASSPATH_PROPERTY)));
        return GeoRegistryRuntime.toFork(options);
    }

    private static String square(double x, double y, double size) {
        return "{\"type\":\"Polygon\",\"coordinates\":[[[" + x + "," + y + "],[" + (x + size) + "," + y + "],["
                + (x + size) + "," + (y + size) + "],[" + x + "," + (y + size) + "],[" + x + "," + y + "]]]}";
    }

    private static int created(Http.Reply reply) {
        assertTrue(reply.status() + " " + reply.body(), reply.status() == 200 || reply.status() == 201);
        return 200;
    }

    private static JsonNode runToEnd(Http admin, long configId, String query) {
        Http.Reply run = admin.post("/api/sync-configs/" + configId + "/run" + query, "");
        assertEquals(run.body(), 202, run.status());
        long job = run.json().path("id").asLong();
        Await.until("job " + job + " ends", 60_000, () -> admin.get("/api/jobs/" + job).json().path("finished").isTextual());
        return admin.get("/api/jobs/" + job).json();
    }

    @Test
    public void exportsToBothFlavoursIncrementallyAndServesTheGeoJson() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        Bundle bundle = context.installBundle("file:" + context.getProperty(JAR_PROPERTY));
        bundle.start();
        Await.until("reveal provider", 5_000, () -> admin.get("/api/providers/reveal").status() == 200);

        created(admin.post("/api/organizations", "{\"code\":\"zm\",\"label\":\"Zambia MoH\"}"));
        for (String type : new String[] {"country", "province", "district"}) {
            created(admin.post("/api/geo-object-types", "{\"code\":\"" + type + "\",\"organization\":\"zm\",\"label\":\""
                    + type + "\",\"geometryType\":\"POLYGON\"}"));
        }
        created(admin.post("/api/hierarchies", "{\"code\":\"zm-admin\",\"organization\":\"zm\",\"label\":\"Admin\","
                + "\"nodes\":[{\"type\":\"country\"},{\"type\":\"province\",\"parent\":\"country\"},"
                + "{\"type\":\"district\",\"parent\":\"province\"}]}"));
        created(admin.post("/api/geo-objects", "{\"type\":\"country\",\"code\":\"ZM\",\"label\":\"Zambia\",\"geometry\":"
                + square(20, -20, 14) + "}"));
        created(admin.post("/api/geo-objects", "{\"type\":\"province\",\"code\":\"LSK\",\"label\":\"Lusaka\",\"geometry\":"
                + square(27, -16, 2) + ",\"parents\":{\"zm-admin\":\"ZM\"}}"));
        created(admin.post("/api/geo-objects", "{\"type\":\"district\",\"code\":\"CHO\",\"label\":\"Chongwe\",\"geometry\":"
                + square(28, -15.5, 0.4) + ",\"parents\":{\"zm-admin\":\"LSK\"}}"));
        created(admin.post("/api/geo-objects", "{\"type\":\"district\",\"code\":\"KAF\",\"label\":\"Kafue\",\"geometry\":"
                + square(27.5, -15.2, 0.4) + ",\"parents\":{\"zm-admin\":\"LSK\"}}"));

        try (RevealEmulatorProcess emulator = new RevealEmulatorProcess(
                context.getProperty(RevealEmulatorProcess.CLASSPATH_PROPERTY), "--port", "0", "--user", "admin:district",
                "--client", "georegistry:client-secret")) {
            String base = emulator.baseUrl();
            Http peer = new Http(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1))).as("admin", "district");

            // OpenSRP with HTTP Basic
            created(admin.post("/api/external-systems", "{\"id\":\"opensrp\",\"type\":\"reveal\",\"organization\":\"zm\","
                    + "\"label\":\"OpenSRP\",\"settings\":{\"url\":\"" + base + "\",\"api\":\"OPENSRP\",\"auth\":\"BASIC\","
                    + "\"username\":\"admin\",\"password\":\"district\"}}"));
            JsonNode test = admin.post("/api/external-systems/opensrp/test", "").json();
            assertTrue(test.toString(), test.path("ok").asBoolean());
            assertFalse("the password is write-only", admin.get("/api/external-systems/opensrp").body().contains("district\""));
            long openSrpConfig = admin.post("/api/sync-configs", "{\"label\":\"To OpenSRP\",\"externalSystem\":\"opensrp\","
                    + "\"direction\":\"EXPORT\",\"hierarchy\":\"zm-admin\",\"settings\":{}}").json().path("id").asLong();
            JsonNode first = runToEnd(admin, openSrpConfig, "");
            assertEquals(first.toString(), "SUCCESS", first.path("status").asText());
            assertEquals(4, first.path("processed").asInt());
            JsonNode jurisdictions = peer.get("/rest/location/sync?serverVersion=0&is_jurisdiction=true").json();
            assertEquals(4, jurisdictions.size());
            String kafueId = admin.get("/api/geo-objects/district/KAF/external-ids").json().path("opensrp").asText();
            String lusakaId = admin.get("/api/geo-objects/province/LSK/external-ids").json().path("opensrp").asText();
            JsonNode kafue = peer.get("/rest/location/" + kafueId + "?is_jurisdiction=true").json();
            assertEquals("Kafue", kafue.at("/properties/name").asText());
            assertEquals(lusakaId, kafue.at("/properties/parentId").asText());
            assertEquals(2, kafue.at("/properties/geographicLevel").asInt());

            // incremental: nothing changed, then one district renamed
            JsonNode unchanged = runToEnd(admin, openSrpConfig, "");
            assertEquals(0, unchanged.path("processed").asInt());
            assertEquals(200, admin.put("/api/geo-objects/district/KAF", "{\"type\":\"district\",\"code\":\"KAF\","
                    + "\"label\":\"Kafue District\",\"geometry\":" + square(27.5, -15.2, 0.4)
                    + ",\"parents\":{\"zm-admin\":\"LSK\"}}").status());
            JsonNode renamed = runToEnd(admin, openSrpConfig, "");
            assertEquals(1, renamed.path("processed").asInt());
            assertEquals("Kafue District", peer.get("/rest/location/" + kafueId + "?is_jurisdiction=true").json()
                    .at("/properties/name").asText());
            assertEquals(4, peer.get("/rest/location/sync?serverVersion=0&is_jurisdiction=true").json().size());

            // the Reveal server with an OAuth2 client
            created(admin.post("/api/external-systems", "{\"id\":\"reveal\",\"type\":\"reveal\",\"organization\":\"zm\","
                    + "\"label\":\"Reveal\",\"settings\":{\"url\":\"" + base + "\",\"api\":\"REVEAL\",\"auth\":\"OAUTH2\","
                    + "\"tokenUrl\":\"" + base + "/auth/realms/reveal/protocol/openid-connect/token\","
                    + "\"clientId\":\"georegistry\",\"clientSecret\":\"client-secret\"}}"));
            assertTrue(admin.post("/api/external-systems/reveal/test", "").json().path("ok").asBoolean());
            long revealConfig = admin.post("/api/sync-configs", "{\"label\":\"To Reveal\",\"externalSystem\":\"reveal\","
                    + "\"direction\":\"EXPORT\",\"hierarchy\":\"zm-admin\",\"settings\":{\"revealHierarchy\":\"zambia\"}}")
                    .json().path("id").asLong();
            JsonNode dry = runToEnd(admin, revealConfig, "?dryRun=true");
            assertEquals("levels and hierarchy it would create", "WARNING", dry.path("status").asText());
            assertEquals(0, peer.get("/api/v1/location").json().path("totalElements").asInt());
            JsonNode toReveal = runToEnd(admin, revealConfig, "?full=true");
            assertEquals(toReveal.toString(), "SUCCESS", toReveal.path("status").asText());
            JsonNode locations = peer.get("/api/v1/location?size=50").json();
            assertEquals(4, locations.path("totalElements").asInt());
            JsonNode hierarchies = peer.get("/api/v1/locationHierarchy").json();
            assertEquals("zambia", hierarchies.at("/content/0/name").asText());
            assertEquals("[\"country\",\"province\",\"district\"]", hierarchies.at("/content/0/nodeOrder").toString());
            String identifier = admin.get("/api/geo-objects/district/CHO/external-ids").json().path("reveal").asText();
            assertEquals("Chongwe", peer.get("/api/v1/location/" + identifier).json().at("/properties/name").asText());

            // the Reveal GeoJSON, paged, and through the hierarchy export
            Http.Reply page1 = admin.get("/api/sync-configs/" + revealConfig + "/export.geojson?page=1&pageSize=3");
            assertEquals(page1.body(), 200, page1.status());
            assertTrue(page1.contentType(), page1.contentType().startsWith("application/geo+json"));
            assertEquals(List.of("ZM", "LSK", "CHO"), ids(page1.json()));
            assertEquals(List.of("KAF"), ids(admin.get("/api/sync-configs/" + revealConfig
                    + "/export.geojson?page=2&pageSize=3").json()));
            Http.Reply badSize = admin.get("/api/sync-configs/" + revealConfig + "/export.geojson?pageSize=many");
            assertEquals(400, badSize.status());
            assertTrue(badSize.body(), badSize.json().path("detail").asText().startsWith("pageSize:"));
            Http.Reply byHierarchy = admin.get("/api/hierarchies/zm-admin/export?format=reveal&externalSystem=reveal"
                    + "&updatedSince=2000-01-01T00:00:00Z");
            assertEquals(byHierarchy.body(), 200, byHierarchy.status());
            assertEquals(4, byHierarchy.json().path("features").size());
            assertEquals("district", byHierarchy.json().at("/features/3/properties/geographicLevel").asText());
            Http.Reply badFormat = admin.get("/api/hierarchies/zm-admin/export?format=csv&externalSystem=reveal");
            assertEquals(400, badFormat.status());
            assertEquals("format", badFormat.json().at("/errors/0/field").asText());
        } finally {
            bundle.uninstall();
        }
    }

    private static List<String> ids(JsonNode collection) {
        List<String> ids = new ArrayList<>();
        collection.path("features").forEach(f -> ids.add(f.path("id").asText()));
        return ids;
    }
}
