package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
 * The FHIR provider as an administrator uses it: deploy the fhir feature and the mCSD transformation into
 * {@code deploy/}, export a hierarchy to a real HAPI JPA server through the REST API, download "Generate Bundle",
 * import the Locations back into another hierarchy through the transformation, and hot deploy another
 * transformation.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FhirIT {

    private static final String FHIR_URL = "itest.fhir.url";
    private static final String FEATURE = "itest.fhir.feature";
    private static final String MCSD = "itest.fhir.mcsd.jar";
    private static final String EXAMPLE = "itest.fhir.example.jar";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.options("fhir"));
        // feature folders are installed as the distribution's etc/org.apache.felix.fileinstall-deploy.cfg does it
        options.add(systemProperty("felix.fileinstall.subdir.mode").value("recurse"));
        options.add(systemProperty(FHIR_URL).value(FhirServerForTests.baseUrl()));
        options.add(systemProperty(FEATURE).value(System.getProperty("georegistry.fhir.feature")));
        options.add(systemProperty(MCSD).value(System.getProperty("georegistry.fhir.mcsd.jar")));
        options.add(systemProperty(EXAMPLE).value(System.getProperty("georegistry.fhir.example.jar")));
        return GeoRegistryRuntime.toFork(options);
    }

    private Path deploy() {
        return Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY));
    }

    @Test
    public void exportDownloadAndImportBackThroughTheMcsdTransformation() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        dropFolder(Path.of(context.getProperty(FEATURE)), "georegistry-feature-fhir");
        Jars.drop(Path.of(context.getProperty(MCSD)), deploy(), "fhir-transform-mcsd.jar");
        long visible = Await.until("fhir provider", 30_000, () -> admin.get("/api/providers/fhir").status() == 200);
        Await.until("mcsd transformation", 10_000, () -> admin.get("/api/transformations").body().contains("\"mcsd\""));
        System.out.println("FIGURE fhir feature drop-to-visible-ms " + visible);
        JsonNode transformations = admin.get("/api/transformations").json();
        assertEquals("mcsd", transformations.path(0).path("id").asText());
        assertEquals("org.georegistry.fhir.transform.mcsd", transformations.path(0).path("bundle").path("symbolicName").asText());

        String fhir = context.getProperty(FHIR_URL);
        String system = "https://registry.example.org/itest-code";
        ok(admin.post("/api/organizations", "{\"code\":\"moh\",\"label\":\"Ministry of Health\"}"));
        hierarchy(admin, "admin", "");
        hierarchy(admin, "admin2", "2");
        ok(admin.post("/api/geo-objects", "{\"type\":\"country\",\"code\":\"KE\",\"label\":\"Kenya\",\"geometry\":"
                + "{\"type\":\"Polygon\",\"coordinates\":[[[34,-4],[42,-4],[42,4],[34,4],[34,-4]]]}}"));
        for (int p = 1; p <= 2; p++) {
            ok(admin.post("/api/geo-objects", "{\"type\":\"province\",\"code\":\"P" + p + "\",\"label\":\"Province " + p
                    + "\",\"parents\":{\"admin\":\"KE\"},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[[[[3" + (4 + p)
                    + ",-1],[3" + (5 + p) + ",-1],[3" + (5 + p) + ",0],[3" + (4 + p) + ",-1]]]]}}"));
        }
        for (int f = 1; f <= 3; f++) {
            ok(admin.post("/api/geo-objects", "{\"type\":\"facility\",\"code\":\"F" + f + "\",\"label\":\"Clinic " + f
                    + "\",\"parents\":{\"admin\":\"P" + (f % 2 + 1) + "\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[36.8"
                    + f + ",-1.2]}}"));
        }

        ok(admin.post("/api/external-systems", "{\"id\":\"hapi\",\"type\":\"fhir\",\"organization\":\"moh\",\"label\":"
                + "\"HAPI\",\"settings\":{\"url\":\"" + fhir + "\",\"system\":\"" + system + "\"}}"));
        JsonNode test = admin.post("/api/external-systems/hapi/test", "").json();
        assertTrue(test.toString(), test.path("ok").asBoolean() && test.path("supported").asBoolean());
        long export = admin.post("/api/sync-configs", "{\"label\":\"To HAPI\",\"externalSystem\":\"hapi\",\"direction\":"
                + "\"EXPORT\",\"hierarchy\":\"admin\",\"settings\":{\"hierarchy\":\"admin\",\"batchSize\":2}}").json()
                .path("id").asLong();
        JsonNode exported = runToEnd(admin, export);
        assertEquals(exported.toString(), "SUCCESS", exported.path("status").asText());
        assertEquals(6, exported.path("processed").asInt());
        JsonNode onServer = fhirGet(fhir + "/Location?identifier=" + system + "%7CF2&_include=Location:organization");
        assertEquals(2, onServer.path("entry").size());
        String f2Id = admin.get("/api/geo-objects/facility/F2/external-ids").json().path("hapi").asText();
        assertEquals(onServer.path("entry").path(0).path("resource").path("id").asText(), f2Id);

        HttpResponse<byte[]> bundle = download(admin, "/api/sync-configs/" + export + "/bundle");
        assertEquals(200, bundle.statusCode());
        assertTrue(bundle.headers().firstValue("Content-Type").orElse("").startsWith("application/fhir+json"));
        JsonNode generated = Http.JSON.readTree(bundle.body());
        assertEquals("transaction", generated.path("type").asText());
        assertEquals(12, generated.path("entry").size());
        HttpResponse<byte[]> zip = download(admin, "/api/sync-configs/" + export + "/bundle?format=zip&pageSize=4");
        assertEquals(List.of("bundle-0001.json", "bundle-0002.json"), zipNames(zip.body()));
        assertEquals(400, download(admin, "/api/sync-configs/" + export + "/bundle?pageSize=abc").statusCode());

        // the same server read back into another hierarchy, through a second external system with its own ids
        ok(admin.post("/api/external-systems", "{\"id\":\"hapi-in\",\"type\":\"fhir\",\"organization\":\"moh\",\"label\":"
                + "\"HAPI in\",\"settings\":{\"url\":\"" + fhir + "\",\"system\":\"" + system + "\"}}"));
        long imp = admin.post("/api/sync-configs", "{\"label\":\"From HAPI\",\"externalSystem\":\"hapi-in\",\"direction\":"
                + "\"IMPORT\",\"hierarchy\":\"admin2\",\"settings\":{\"hierarchy\":\"admin2\",\"transformation\":\"mcsd\","
                + "\"pageSize\":2,\"search\":\"identifier=" + system + "|\",\"transformationSettings\":{\"typeMap\":{"
                + "\"country\":\"country2\",\"province\":\"province2\",\"facility\":\"facility2\"}}}}").json().path("id").asLong();
        JsonNode options = admin.get("/api/sync-configs/" + imp + "/options").json();
        assertEquals("mcsd", options.path("transformation").path(0).path("id").asText());
        JsonNode imported = runToEnd(admin, imp);
        assertEquals(admin.get("/api/jobs/" + imported.path("id").asText() + "/errors").body(), "SUCCESS",
                imported.path("status").asText());
        assertEquals("Clinic 2", admin.get("/api/geo-objects/facility2/F2").json().path("label").path("default").asText(
                admin.get("/api/geo-objects/facility2/F2").json().path("label").asText()));
        // F1 and F3 are in P2, F2 in P1: the parents came back through the Locations' partOf
        JsonNode children = admin.get("/api/geo-objects/province2/P2/children?hierarchy=admin2").json();
        assertEquals(children.toString(), 2, children.path("total").asInt());
        assertEquals("P1", admin.get("/api/geo-objects/facility2/F2").json().path("parents").path(0).path("code").asText());
        assertEquals(f2Id, admin.get("/api/geo-objects/facility2/F2/external-ids").json().path("hapi-in").asText());

        // an import naming a transformation that is not installed fails with a message that says so
        long missing = admin.post("/api/sync-configs", "{\"label\":\"Missing\",\"externalSystem\":\"hapi-in\",\"direction\":"
                + "\"IMPORT\",\"hierarchy\":\"admin2\",\"settings\":{\"hierarchy\":\"admin2\",\"transformation\":\"national\"}}")
                .json().path("id").asLong();
        JsonNode refused = runToEnd(admin, missing);
        assertEquals("FAILURE", refused.path("status").asText());
        assertTrue(refused.toString(), refused.path("message").asText().contains("'national' is not installed"));
    }

    @Test
    public void transformationsAreHotDeployedReplacedAndRemoved() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        Path example = Path.of(context.getProperty(EXAMPLE));
        Jars.drop(example, deploy(), "fhir-transform-example.jar");
        long visible = Await.until("example transformation listed", 10_000,
                () -> admin.get("/api/transformations").body().contains("\"example\""));
        System.out.println("FIGURE fhir transformation drop-to-visible-ms " + visible);

        Path newer = deploy().resolveSibling("example-9.9.9.jar");
        Jars.withVersion(example, "9.9.9", newer);
        Jars.moveIntoPlace(newer, deploy().resolve("fhir-transform-example.jar"));
        long replaced = Await.until("newer version listed", 10_000,
                () -> admin.get("/api/transformations").body().contains("\"9.9.9\""));
        System.out.println("FIGURE fhir transformation replace-ms " + replaced);
        assertEquals(1, count(admin.get("/api/transformations").json(), "example"));

        Files.delete(deploy().resolve("fhir-transform-example.jar"));
        Await.until("example transformation gone", 10_000,
                () -> !admin.get("/api/transformations").body().contains("\"example\""));
    }

    private static long count(JsonNode list, String id) {
        long n = 0;
        for (JsonNode t : list) {
            n += t.path("id").asText().equals(id) ? 1 : 0;
        }
        return n;
    }

    private static void hierarchy(Http admin, String code, String suffix) {
        ok(admin.post("/api/geo-object-types", "{\"code\":\"country" + suffix + "\",\"organization\":\"moh\",\"label\":"
                + "\"Country\",\"geometryType\":\"POLYGON\"}"));
        ok(admin.post("/api/geo-object-types", "{\"code\":\"province" + suffix + "\",\"organization\":\"moh\",\"label\":"
                + "\"Province\",\"geometryType\":\"MULTIPOLYGON\"}"));
        ok(admin.post("/api/geo-object-types", "{\"code\":\"facility" + suffix + "\",\"organization\":\"moh\",\"label\":"
                + "\"Facility\",\"geometryType\":\"POINT\"}"));
        ok(admin.post("/api/hierarchies", "{\"code\":\"" + code + "\",\"organization\":\"moh\",\"label\":\"" + code
                + "\",\"nodes\":[{\"type\":\"country" + suffix + "\"},{\"type\":\"province" + suffix + "\",\"parent\":"
                + "\"country" + suffix + "\"},{\"type\":\"facility" + suffix + "\",\"parent\":\"province" + suffix + "\"}]}"));
    }

    private static JsonNode runToEnd(Http admin, long configId) {
        Http.Reply run = admin.post("/api/sync-configs/" + configId + "/run", "");
        assertEquals(run.body(), 202, run.status());
        long jobId = run.json().path("id").asLong();
        Await.until("job " + jobId + " ends", 120_000,
                () -> admin.get("/api/jobs/" + jobId).json().path("finished").isTextual());
        return admin.get("/api/jobs/" + jobId).json();
    }

    private static void ok(Http.Reply reply) {
        assertTrue(reply.status() + " " + reply.body(), reply.status() / 100 == 2);
    }

    private HttpResponse<byte[]> download(Http admin, String path) throws Exception {
        String password = Files.readString(Path.of(context.getProperty(GeoRegistryRuntime.DATA_PROPERTY),
                "initial-admin-password")).trim();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + context.getProperty(GeoRegistryRuntime.PORT_PROPERTY) + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode fhirGet(String url) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/fhir+json").GET().build(), HttpResponse.BodyHandlers.ofString());
        return Http.JSON.readTree(answer.body());
    }

    private static List<String> zipNames(byte[] zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                assertEquals("transaction", Http.JSON.readTree(in.readAllBytes()).path("type").asText());
            }
        }
        return names;
    }

    /** Copies a feature folder in through a sibling staging folder and one rename, as the README tells. */
    private void dropFolder(Path folder, String name) throws Exception {
        Path staging = deploy().resolveSibling(name + ".staging");
        Files.createDirectories(staging);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.copy(f, staging.resolve(f.getFileName()));
            }
        }
        Files.move(staging, deploy().resolve(name));
    }
}
