package org.georegistry.itests;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The same small registry in two organizations ({@code moh} and {@code other}): users of every role, a
 * classification, a type with attributes, a hierarchy, Geo-Objects, an external system of the example provider and
 * a sync configuration. Each organization's things are named after it, so tests can aim at one or the other.
 */
public final class Fixture {

    public static final String PASSWORD = "correct horse battery";
    public static final List<String> ORGS = List.of("moh", "other");
    public static final List<String> ROLES = List.of("RA", "RM", "RC", "CONSUMER");

    public final Http admin;
    public final int port;
    /** User ids by user name ({@code ra-moh}, ...). */
    public final Map<String, Long> userIds = new LinkedHashMap<>();
    /** Sync configuration id by organization. */
    public final Map<String, Long> configIds = new LinkedHashMap<>();
    /** A finished job id by organization. */
    public final Map<String, Long> jobIds = new LinkedHashMap<>();
    public final Bundle example;

    public Fixture(BundleContext context) throws Exception {
        this.admin = GeoRegistryRuntime.admin(context);
        this.port = Integer.parseInt(context.getProperty(GeoRegistryRuntime.PORT_PROPERTY));
        this.example = context.installBundle("file:" + context.getProperty(GeoRegistryRuntime.EXAMPLE_JAR_PROPERTY));
        example.start();
        Await.until("example provider", 10_000, () -> admin.get("/api/providers/example").status() == 200);
        for (String org : ORGS) {
            created(admin.post("/api/organizations", "{\"code\":\"" + org + "\",\"label\":\"Org " + org + "\"}"));
            for (String role : ROLES) {
                String name = role.toLowerCase() + "-" + org;
                Http.Reply user = admin.post("/api/users", "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD
                        + "\",\"organization\":\"" + org + "\",\"roles\":[\"" + role + "\"]}");
                created(user);
                userIds.put(name, user.json().path("id").asLong());
            }
            // a user none of the tests acts as, for checks of who may see and manage other users
            Http.Reply member = admin.post("/api/users", "{\"username\":\"member-" + org + "\",\"password\":\""
                    + PASSWORD + "\",\"organization\":\"" + org + "\",\"roles\":[\"CONSUMER\"]}");
            created(member);
            userIds.put("member-" + org, member.json().path("id").asLong());
            created(admin.post("/api/classifications", "{\"code\":\"kind-" + org + "\",\"organization\":\"" + org
                    + "\",\"label\":\"Kind\",\"terms\":[{\"code\":\"public\",\"label\":\"Public\"},"
                    + "{\"code\":\"private\",\"label\":\"Private\"}]}"));
            created(admin.post("/api/geo-object-types", "{\"code\":\"province-" + org + "\",\"organization\":\"" + org
                    + "\",\"label\":\"Province\",\"geometryType\":\"POLYGON\"}"));
            created(admin.post("/api/geo-object-types", "{\"code\":\"district-" + org + "\",\"organization\":\"" + org
                    + "\",\"label\":\"District\",\"geometryType\":\"POINT\",\"attributes\":["
                    + "{\"code\":\"population\",\"label\":\"Population\",\"type\":\"integer\"},"
                    + "{\"code\":\"kind\",\"label\":\"Kind\",\"type\":\"term\",\"classification\":\"kind-" + org + "\"}]}"));
            created(admin.post("/api/hierarchies", "{\"code\":\"admin-" + org + "\",\"organization\":\"" + org
                    + "\",\"label\":\"Administrative\",\"nodes\":[{\"type\":\"province-" + org + "\"},"
                    + "{\"type\":\"district-" + org + "\",\"parent\":\"province-" + org + "\"}]}"));
            created(admin.post("/api/geo-objects", "{\"type\":\"province-" + org + "\",\"code\":\"P1\",\"label\":\"Province 1\","
                    + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0,1],[1,1],[1,0],[0,0]]]}}"));
            for (int i = 1; i <= 3; i++) {
                created(admin.post("/api/geo-objects", "{\"type\":\"district-" + org + "\",\"code\":\"D" + i
                        + "\",\"label\":\"District " + i + "\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[0.5,0.5]},"
                        + "\"attributes\":{\"population\":" + (1000 * i) + ",\"kind\":\"public\"},"
                        + "\"parents\":{\"admin-" + org + "\":\"P1\"}}"));
            }
            created(admin.post("/api/external-systems", "{\"id\":\"files-" + org + "\",\"type\":\"example\",\"organization\":\""
                    + org + "\",\"label\":\"Files\",\"settings\":{\"file\":\"out.geojsonl\"}}"));
            Http.Reply config = admin.post("/api/sync-configs", "{\"label\":\"To a file\",\"externalSystem\":\"files-" + org
                    + "\",\"direction\":\"EXPORT\",\"settings\":{\"types\":\"district-" + org + "\"}}");
            created(config);
            long configId = config.json().path("id").asLong();
            configIds.put(org, configId);
            Http.Reply run = admin.post("/api/sync-configs/" + configId + "/run", "");
            assertEquals(run.body(), 202, run.status());
            long jobId = run.json().path("id").asLong();
            Await.until("job ends", 30_000, () -> admin.get("/api/jobs/" + jobId).json().path("finished").isTextual());
            jobIds.put(org, jobId);
        }
    }

    /** A client of one of the fixture's users, e.g. {@code user("ra-moh")}. */
    public Http user(String name) {
        return new Http(port).as(name, PASSWORD);
    }

    public static void created(Http.Reply reply) {
        if (reply.status() != 200 && reply.status() != 201) {
            throw new AssertionError("Not created (" + reply.status() + "): " + reply.body());
        }
    }
}
