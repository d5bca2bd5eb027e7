package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The provider SDK as a third party uses it: generate a project from this build's archetype with Maven, build it
 * (its own unit tests run), drop the jar into the running server's {@code deploy/} folder and use the new system type
 * through REST, without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProviderSdkIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.options("sdk"));
        List<String> passed = new ArrayList<>(Maven.SDK_PROPERTIES);
        passed.add("georegistry.provider.archetype.jar");
        for (String name : passed) {
            options.add(systemProperty(name).value(System.getProperty(name, "")));
        }
        return GeoRegistryRuntime.toFork(options);
    }

    @Test
    public void aGeneratedProviderIsBuiltDroppedAndRunThroughRest() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        Path deploy = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY));
        Path work = deploy.resolveSibling("sdk-work");
        Path jar = Maven.jarFromArchetype(context, work, "provider", 7, List.of(
                "groupId=org.acme", "artifactId=acme-push", "version=1.0.0", "package=org.acme.push",
                "providerType=acme-push", "providerLabel=Acme push", "className=AcmePush"));

        Jars.drop(jar, deploy, "acme-push.jar");
        Await.until("the generated provider is listed", 10_000, () -> admin.get("/api/providers/acme-push").status() == 200);
        JsonNode described = admin.get("/api/providers/acme-push").json();
        assertEquals("Acme push", described.path("label").asText());
        assertEquals("1.0.0", described.path("version").asText());

        try (Receiver receiver = Receiver.start("s3cret")) {
            registry(admin);
            Http.Reply leaky = admin.post("/api/external-systems", system(receiver.url().replace("http://", "http://me:pw@")));
            assertEquals("the provider's own rule, answered as a field error", 400, leaky.status());
            assertEquals("settings.url", leaky.json().path("errors").path(0).path("field").asText());
            Http.Reply created = admin.post("/api/external-systems", system(receiver.url()));
            assertEquals(created.body(), 200, status(created));
            JsonNode test = admin.post("/api/external-systems/acme/test", "").json();
            assertTrue(test.toString(), test.path("ok").asBoolean());
            assertEquals("the endpoint's version header", "7.1", test.path("version").asText());

            Http.Reply badBatch = admin.post("/api/sync-configs", config(0));
            assertEquals(400, badBatch.status());
            assertEquals("settings.batchSize", badBatch.json().path("errors").path(0).path("field").asText());
            long configId = admin.post("/api/sync-configs", config(2)).json().path("id").asLong();
            assertTrue(configId > 0);

            long jobId = admin.post("/api/sync-configs/" + configId + "/run", "").json().path("id").asLong();
            String done = admin.awaitEvent("/api/jobs/" + jobId + "/events", "done", Duration.ofSeconds(30));
            assertEquals(done, "SUCCESS", Http.JSON.readTree(done).path("status").asText());
            assertEquals(3, admin.get("/api/jobs/" + jobId).json().path("processed").asInt());
            assertEquals("three objects in batches of two", 2, receiver.bodies.size());
            JsonNode first = Http.JSON.readTree(receiver.bodies.get(0)).path("features");
            assertEquals("the region before its districts", "R1", first.path(0).path("properties").path("code").asText());
            assertEquals("R1", first.path(1).path("properties").path("parent").asText());
            assertEquals(List.of("Bearer s3cret", "Bearer s3cret", "Bearer s3cret"), receiver.authorizations);

            long dry = admin.post("/api/sync-configs/" + configId + "/run?dryRun=true&full=true", "").json().path("id").asLong();
            Await.until("dry run ends", 30_000, () -> admin.get("/api/jobs/" + dry).json().path("finished").isTextual());
            JsonNode dryJob = admin.get("/api/jobs/" + dry).json();
            assertEquals("SUCCESS", dryJob.path("status").asText());
            assertEquals(3, dryJob.path("processed").asInt());
            assertEquals("a dry run sends nothing", 2, receiver.bodies.size());

            // the peer refuses the first batch: its objects become errors, grouped by message, and the job fails
            receiver.refuseNextPost = true;
            long refused = admin.post("/api/sync-configs/" + configId + "/run?full=true", "").json().path("id").asLong();
            Await.until("refused run ends", 30_000, () -> admin.get("/api/jobs/" + refused).json().path("finished").isTextual());
            assertEquals("FAILURE", admin.get("/api/jobs/" + refused).json().path("status").asText());
            JsonNode grouped = admin.get("/api/jobs/" + refused + "/errors?grouped=true").json();
            assertEquals(grouped.toString(), 1, grouped.size());
            assertEquals("HTTP_422", grouped.path(0).path("code").asText());
            assertEquals("[\"R1\",\"D1\"]", grouped.path(0).path("objectCodes").toString());
            JsonNode firstError = admin.get("/api/jobs/" + refused + "/errors").json().path("items").path(0);
            assertEquals("acme-region", firstError.path("typeCode").asText());
            assertTrue(firstError.toString(), firstError.path("response").asText().contains("unknown region"));
        }
    }

    /** A region with two districts in a hierarchy, each with a point. */
    private static void registry(Http admin) {
        ok(admin.post("/api/organizations", "{\"code\":\"acme\",\"label\":\"Acme\"}"));
        for (String type : new String[] {"acme-region", "acme-district"}) {
            ok(admin.post("/api/geo-object-types", "{\"code\":\"" + type + "\",\"organization\":\"acme\",\"label\":\""
                    + type + "\",\"geometryType\":\"POINT\"}"));
        }
        ok(admin.post("/api/hierarchies", "{\"code\":\"acme-admin\",\"organization\":\"acme\",\"label\":\"Admin\","
                + "\"nodes\":[{\"type\":\"acme-region\",\"parent\":null},{\"type\":\"acme-district\",\"parent\":\"acme-region\"}]}"));
        String point = "\"geometry\":{\"type\":\"Point\",\"coordinates\":[-11.7,7.9]}";
        ok(admin.post("/api/geo-objects", "{\"type\":\"acme-region\",\"code\":\"R1\",\"label\":\"North\"," + point + "}"));
        for (String d : new String[] {"D1", "D2"}) {
            ok(admin.post("/api/geo-objects", "{\"type\":\"acme-district\",\"code\":\"" + d + "\",\"label\":\"" + d
                    + "\"," + point + ",\"parents\":{\"acme-admin\":\"R1\"}}"));
        }
    }

    private static String system(String url) {
        return "{\"id\":\"acme\",\"type\":\"acme-push\",\"organization\":\"acme\",\"label\":\"Acme endpoint\","
                + "\"settings\":{\"url\":\"" + url + "\",\"token\":\"s3cret\"}}";
    }

    private static String config(int batchSize) {
        return "{\"label\":\"Admin to Acme\",\"externalSystem\":\"acme\",\"direction\":\"EXPORT\","
                + "\"hierarchy\":\"acme-admin\",\"settings\":{\"batchSize\":" + batchSize + "}}";
    }

    private static void ok(Http.Reply reply) {
        assertEquals(reply.body(), 200, status(reply));
    }

    private static int status(Http.Reply reply) {
        return reply.status() == 201 ? 200 : reply.status();
    }

    /**
     * The generated provider's peer: records what is POSTed; answers 401 without the right token, and 422 to the
     * POST after {@link #refuseNextPost} is set.
     */
    static final class Receiver implements AutoCloseable {
        final List<String> bodies = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();
        volatile boolean refuseNextPost;
        private final HttpServer server;

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start(String token) throws java.io.IOException {
            Receiver r = new Receiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            r.server.createContext("/features", exchange -> {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                r.authorizations.add(String.valueOf(authorization));
                int status = ("Bearer " + token).equals(authorization) ? 200 : 401;
                byte[] answer = new byte[0];
                if (status == 200 && "POST".equals(exchange.getRequestMethod())) {
                    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    if (r.refuseNextPost) {
                        r.refuseNextPost = false;
                        status = 422;
                        answer = "{\"error\":\"unknown region\"}".getBytes(StandardCharsets.UTF_8);
                    } else {
                        r.bodies.add(body);
                    }
                }
                exchange.getResponseHeaders().add("X-Version", "7.1");
                exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            r.server.start();
            return r;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/features";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
