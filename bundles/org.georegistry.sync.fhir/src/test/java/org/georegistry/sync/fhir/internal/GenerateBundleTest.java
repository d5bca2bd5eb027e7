package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.fhir.FhirTestServer;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Generate Bundle": what the download holds, checked with HAPI's R4 validator (core profiles, common code
 * systems, in-memory terminology, snapshots) and by posting it to a real server.
 */
class GenerateBundleTest {

    private static FhirValidator validator;
    private final ObjectMapper json = new ObjectMapper();
    private final FhirSyncProvider provider = new FhirSyncProvider();
    private final String system = "https://registry.example.org/" + UUID.randomUUID();

    @BeforeAll
    static void validator() {
        FhirContext ctx = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx),
                new SnapshotGeneratingValidationSupport(ctx));
        validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    private TestJob job(String url) {
        TestJob job = new TestJob(Settings.of(Map.of("url", url, "system", system)), Settings.of(Map.of("hierarchy",
                TestJob.HIERARCHY, "attributes", List.of(Map.of("attribute", "beds", "extension",
                        "https://registry.example.org/fhir/beds")))), SampleHierarchy.TYPES);
        return SampleHierarchy.fill(job, 3, 3);
    }

    private byte[] download(TestJob job, Map<String, List<String>> parameters) throws Exception {
        Artifact artifact = provider.artifact("bundle", job.artifactRequest(parameters)).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        artifact.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void theWholeHierarchyIsOneValidTransactionBundle() throws Exception {
        TestJob job = job("https://fhir.example.org/fhir");
        job.saveExternalId("PROVINCE", "KE-P1", "123");   // exported before, but in this Bundle too
        byte[] bundle = download(job, Map.of());
        JsonNode root = json.readTree(bundle);
        assertEquals("transaction", root.path("type").asText());
        assertEquals(job.objects.size() * 2, root.path("entry").size());
        assertEquals("PUT", root.path("entry").get(1).path("request").path("method").asText());
        assertEquals("Location?identifier=" + system + "|KE", root.path("entry").get(1).path("request").path("url")
                .asText());

        ValidationResult result = validator.validateWithResult(new String(bundle, StandardCharsets.UTF_8));
        List<String> errors = new ArrayList<>();
        for (SingleValidationMessage m : result.getMessages()) {
            if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                errors.add(m.getLocationString() + ": " + m.getMessage());
            }
        }
        assertEquals(List.of(), errors);
        // a parent in the same Bundle is referenced by its entry
        assertTrue(new String(bundle, StandardCharsets.UTF_8).contains("\"partOf\":{\"reference\":\"urn:uuid:"));
        assertTrue(!new String(bundle, StandardCharsets.UTF_8).contains("\"reference\":\"Location/123\""));
    }

    @Test
    void onePageHoldsPageSizeObjectsInHierarchyOrder() throws Exception {
        TestJob job = job("https://fhir.example.org/fhir");
        // exported before: its children still point at it by identifier, which HAPI resolves faster than an id
        job.saveExternalId("PROVINCE", "KE-P1", "123");
        JsonNode page = json.readTree(download(job, Map.of("page", List.of("2"), "pageSize", List.of("5"))));
        assertEquals(10, page.path("entry").size());
        // objects 6 to 10: after the country, the two provinces and two districts comes the third district
        assertEquals("Organization?identifier=" + system + "|KE-P1-D3",
                page.path("entry").get(0).path("request").path("url").asText());
        assertEquals("Location?identifier=" + system + "|KE-P1",
                page.path("entry").get(1).path("resource").path("partOf").path("reference").asText());
        assertEquals("Organization?identifier=" + system + "|KE-P1",
                page.path("entry").get(0).path("resource").path("partOf").path("reference").asText());
        JsonNode beyond = json.readTree(download(job, Map.of("page", List.of("99"), "pageSize", List.of("5"))));
        assertEquals(0, beyond.path("entry").size());
    }

    @Test
    void aZipHoldsEveryPageAndEachIsATransactionAServerAccepts() throws Exception {
        FhirTestServer fhir = FhirTestServer.shared();
        TestJob job = job(fhir.baseUrl());
        byte[] zip = download(job, Map.of("format", List.of("zip"), "pageSize", List.of("10")));
        FhirContext ctx = FhirContext.forR4Cached();
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        IGenericClient client = ctx.newRestfulGenericClient(fhir.baseUrl());
        List<String> names = new ArrayList<>();
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                entries += json.readTree(text).path("entry").size();
                // in order, as an administrator would post them by hand
                Bundle answer = client.transaction().withBundle(text).execute() == null ? null
                        : ctx.newJsonParser().parseResource(Bundle.class, text);
                assertTrue(answer != null);
            }
        }
        int objects = job.objects.size();
        assertEquals((objects + 9) / 10, names.size());
        assertEquals("bundle-0001.json", names.get(0));
        assertEquals(objects * 2, entries);
        Bundle found = client.search().byUrl("Location?identifier=" + system + "|KE-P2-D3-F3")
                .returnBundle(Bundle.class).execute();
        assertEquals(1, found.getEntry().size());
    }

    @Test
    void badParametersAreRefusedBeforeAnythingIsWritten() {
        TestJob job = job("https://fhir.example.org/fhir");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.artifact("bundle", job.artifactRequest(Map.of("pageSize", List.of("0")))));
        assertEquals("pageSize: use a whole number from 1 to 10000", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> provider.artifact("bundle",
                job.artifactRequest(Map.of("format", List.of("xml")))));
        assertTrue(provider.artifact("dhis2-plugin.zip", job.artifactRequest(Map.of())).isEmpty());
    }
}
