package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.osgi.framework.BundleContext;

/**
 * The transformation SDK as a third party uses it: generate a FHIR import transformation from this build's archetype,
 * build it, drop it with the FHIR feature into the running server's {@code deploy/} folder, and import Locations
 * from a real FHIR server (HAPI JPA) through it, over REST, without a restart.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TransformationSdkIT {

    private static final String SYSTEM = "https://registry.example.org/sdk-code";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.options("sdk-transformation"));
        List<String> passed = new ArrayList<>(Maven.SDK_PROPERTIES);
        passed.addAll(List.of("georegistry.transformation.archetype.jar", "georegistry.fhir.feature"));
        for (String name : passed) {
            options.add(systemProperty(name).value(System.getProperty(name, "")));
        }
        options.add(systemProperty("itest.fhir.url").value(FhirServerForTests.baseUrl()));
        return GeoRegistryRuntime.toFork(options);
    }

    @Test
    public void aGeneratedTransformationImportsLocationsThroughRest() throws Exception {
        Http admin = GeoRegistryRuntime.admin(context);
        Path deploy = Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY));
        Path work = deploy.resolveSibling("sdk-work");
        Path jar = Maven.jarFromArchetype(context, work, "transformation", 3, List.of(
                "groupId=org.acme", "artifactId=acme-fhir", "version=1.0.0", "package=org.acme.fhir",
                "transformationId=acme-locations", "transformationLabel=Acme locations", "className=AcmeLocations"));

        try (var jars = Files.list(Path.of(Maven.required(context, "georegistry.fhir.feature")))) {
            for (Path bundle : jars.toList()) {
                Jars.drop(bundle, deploy, bundle.getFileName().toString());
            }
        }
        Jars.drop(jar, deploy, "acme-fhir.jar");
        Await.until("the FHIR provider", 60_000, () -> admin.get("/api/providers/fhir").status() == 200);
        Await.until("the generated transformation", 10_000,
                () -> admin.get("/api/transformations").body().contains("\"acme-locations\""));

        String fhir = context.getProperty("itest.fhir.url");
        HttpResponse<String> stored = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fhir))
                .header("Content-Type", "application/fhir+json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(transaction())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(stored.body(), 200, stored.statusCode());

        Fixture.created(admin.post("/api/organizations", "{\"code\":\"sdkf\",\"label\":\"SDK FHIR\"}"));
        for (String type : new String[] {"sdkf-province", "sdkf-district"}) {
            Fixture.created(admin.post("/api/geo-object-types", "{\"code\":\"" + type + "\",\"organization\":\"sdkf\","
                    + "\"label\":\"" + type + "\",\"geometryType\":\"POINT\"}"));
        }
        Fixture.created(admin.post("/api/hierarchies", "{\"code\":\"sdkf-admin\",\"organization\":\"sdkf\",\"label\":\"Admin\","
                + "\"nodes\":[{\"type\":\"sdkf-province\",\"parent\":null},{\"type\":\"sdkf-district\",\"parent\":\"sdkf-province\"}]}"));
        Fixture.created(admin.post("/api/external-systems", "{\"id\":\"sdk-fhir\",\"type\":\"fhir\",\"organization\":\"sdkf\","
                + "\"label\":\"FHIR\",\"settings\":{\"url\":\"" + fhir + "\",\"system\":\"" + SYSTEM + "\"}}"));
        Http.Reply config = admin.post("/api/sync-configs", "{\"label\":\"From FHIR\",\"externalSystem\":\"sdk-fhir\","
                + "\"direction\":\"IMPORT\",\"hierarchy\":\"sdkf-admin\",\"settings\":{\"hierarchy\":\"sdkf-admin\","
                + "\"transformation\":\"acme-locations\",\"search\":\"identifier=" + SYSTEM + "|\",\"transformationSettings\":"
                + "{\"typeMap\":{\"prov\":\"sdkf-province\",\"jdn\":\"sdkf-district\"}}}}");
        Fixture.created(config);

        long jobId = admin.post("/api/sync-configs/" + config.json().path("id").asLong() + "/run", "").json().path("id").asLong();
        Await.until("the import ends", 60_000, () -> admin.get("/api/jobs/" + jobId).json().path("finished").isTextual());
        JsonNode job = admin.get("/api/jobs/" + jobId).json();
        assertEquals(admin.get("/api/jobs/" + jobId + "/errors").body(), "SUCCESS", job.path("status").asText());
        JsonNode district = admin.get("/api/geo-objects/sdkf-district/BO").json();
        JsonNode parent = district.path("parents").path(0);
        assertEquals(district.toString(), "sdkf-admin", parent.path("hierarchy").asText());
        assertEquals("the parent set from partOf", "P-SOUTH", parent.path("code").asText());
        assertEquals(-11.74, district.path("geometry").path("coordinates").path(0).asDouble(), 1e-9);
        assertEquals("sdk-d1", admin.get("/api/geo-objects/sdkf-district/BO/external-ids").json().path("sdk-fhir").asText());
        assertEquals(200, admin.get("/api/geo-objects/sdkf-province/P-SOUTH").status());
    }

    /** A province and a district with the source's own type codes, the district part of the province. */
    private static String transaction() {
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                + location("sdk-p1", "P-SOUTH", "Southern", "prov", -11.9, 7.6, null) + ","
                + location("sdk-d1", "BO", "Bo", "jdn", -11.74, 7.96, "sdk-p1") + "]}";
    }

    private static String location(String id, String code, String name, String type, double lon, double lat, String parent) {
        return "{\"request\":{\"method\":\"PUT\",\"url\":\"Location/" + id + "\"},\"resource\":{\"resourceType\":\"Location\","
                + "\"id\":\"" + id + "\",\"status\":\"active\",\"name\":\"" + name + "\",\"identifier\":[{\"system\":\""
                + SYSTEM + "\",\"value\":\"" + code + "\"}],\"type\":[{\"coding\":[{\"system\":\"urn:acme:types\",\"code\":\""
                + type + "\"}]}],\"position\":{\"longitude\":" + lon + ",\"latitude\":" + lat + "}"
                + (parent == null ? "" : ",\"partOf\":{\"reference\":\"Location/" + parent + "\"}") + "}}";
    }
}
