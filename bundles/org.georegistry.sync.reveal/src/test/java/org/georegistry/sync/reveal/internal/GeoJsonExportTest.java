package org.georegistry.sync.reveal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.reveal.RevealEmulator;
import org.junit.jupiter.api.Test;

/** The Reveal-shaped GeoJSON export: its shape against the Reveal server's sample, paging, and streaming. */
class GeoJsonExportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final RevealSyncProvider provider = Fixtures.provider();

    private static ArtifactRequest request(RegistryView registry, Settings system, Settings config, String... params) {
        Map<String, List<String>> parameters = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            parameters.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
        }
        return new ArtifactRequest() {
            @Override public String externalSystemId() { return TestJob.SYSTEM; }
            @Override public Settings systemSettings() { return system; }
            @Override public Optional<Settings> configSettings() { return Optional.ofNullable(config); }
            @Override public RegistryView registry() { return registry; }
            @Override public Map<String, List<String>> parameters() { return parameters; }
            @Override public String publicUrl() { return "https://registry.example.org"; }
        };
    }

    private static Settings system() {
        return Settings.of(Map.of("url", "https://reveal.example.org", "api", "REVEAL", "auth", "BASIC",
                "username", "a", "password", "b"));
    }

    private JsonNode export(TestJob job, String... params) throws IOException {
        Artifact artifact = provider.artifact("export.geojson", request(job, system(), Fixtures.config(), params)).orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        artifact.writeTo(out);
        return MAPPER.readTree(out.toByteArray());
    }

    private static List<String> codes(JsonNode collection) {
        List<String> codes = new ArrayList<>();
        collection.path("features").forEach(f -> codes.add(f.path("id").asText()));
        return codes;
    }

    @Test
    void aFeatureCollectionShapedAsRevealsOwnSampleThatRevealAccepts() throws Exception {
        TestJob job = Fixtures.hierarchy(system(), Fixtures.config());
        job.add("district", "NOGEO", "No geometry", "province", "LSK", null);
        JsonNode collection = export(job);
        assertEquals("FeatureCollection", collection.path("type").asText());
        assertEquals(List.of("ZM", "LSK", "CHO", "KAF", "F1"), codes(collection), "parents first, no geometry-less object");
        JsonNode sample = MAPPER.readTree(Files.readAllBytes(Path.of(System.getProperty("fixtures.dir"), "reveal",
                "LocationUploadSample.json")));
        List<String> sampleKeys = new ArrayList<>();
        sample.get(0).path("properties").fieldNames().forEachRemaining(sampleKeys::add);
        List<String> ourKeys = new ArrayList<>();
        collection.at("/features/0/properties").fieldNames().forEachRemaining(ourKeys::add);
        assertEquals(sampleKeys, ourKeys, "the properties of the server's LocationUploadSample.json");
        JsonNode clinic = collection.at("/features/4");
        assertEquals("Chongwe Clinic", clinic.at("/properties/name").asText());
        assertEquals("active", clinic.at("/properties/status").asText());
        assertEquals("facility", clinic.at("/properties/geographicLevel").asText());
        assertEquals(Locations.newId(TestJob.SYSTEM, "facility", "F1"), clinic.at("/properties/externalId").asText());

        // the features upload to Reveal's bulk endpoint as they are, and Reveal places them as the registry does
        try (RevealEmulator reveal = RevealEmulator.start(new RevealEmulator.Config())) {
            provider.run(new TestJob(Fixtures.basic(reveal, "REVEAL"), Fixtures.config(), "country", "province",
                    "district", "facility")); // creates the levels and hierarchy only
            HttpResponse<String> uploaded = upload(reveal, collection.path("features").toString());
            assertEquals(202, uploaded.statusCode(), uploaded.body());
            assertEquals(5, reveal.reveal().locationCount());
            var kafue = reveal.reveal().locations().stream().filter(l -> l.name().equals("Kafue")).findFirst().orElseThrow();
            assertEquals("Lusaka", reveal.reveal().parentOf(kafue.identifier(), TestJob.HIERARCHY).orElseThrow().name());
        }
    }

    private static HttpResponse<String> upload(RevealEmulator reveal, String json) throws Exception {
        String boundary = "b" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"export.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json + "\r\n--" + boundary + "--\r\n";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(reveal.baseUrl() + "/api/v1/location/bulk"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pagesAndUpdatedSince() throws Exception {
        TestJob job = Fixtures.hierarchy(system(), Fixtures.config());
        JsonNode second = export(job, "page", "2", "pageSize", "2");
        assertEquals(List.of("CHO", "KAF"), codes(second));
        assertEquals(2, second.path("page").asInt());
        assertEquals(2, second.path("pageSize").asInt());
        assertEquals(List.of("F1"), codes(export(job, "page", "3", "pageSize", "2")), "the last page is shorter");
        assertEquals(List.of(), codes(export(job, "page", "4", "pageSize", "2")));
        assertEquals(1000, export(job, "page", "1").path("pageSize").asInt(), "a page without a size has 1,000");
        assertTrue(export(job).path("page").isMissingNode(), "unpaged without paging parameters");
        job.put(new GeoObject("district", "KAF", LocalizedText.of("Kafue"), Fixtures.KAFUE, Map.of(),
                job.object("district", "KAF").parents(), LocalDate.of(2020, 1, 1), null,
                Instant.parse("2026-03-01T10:00:00Z"), Map.of()));
        assertEquals(List.of("KAF"), codes(export(job, "updatedSince", "2026-02-01T00:00:00Z")));
    }

    @Test
    void badParametersAreRefusedNamingTheParameterBeforeAnythingIsWritten() {
        TestJob job = Fixtures.hierarchy(system(), Fixtures.config());
        Map<String, String[]> cases = Map.of(
                "updatedSince", new String[] {"updatedSince", "yesterday"},
                "page", new String[] {"page", "0"},
                "pageSize", new String[] {"pageSize", "20000"});
        cases.forEach((name, params) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> provider.artifact("export.geojson", request(job, system(), Fixtures.config(), params)));
            assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        });
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> provider.artifact(
                "export.geojson", request(job, system(), Fixtures.config(), "page", "1", "page", "2")));
        assertTrue(twice.getMessage().startsWith("page: give it once"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> provider.artifact(
                "export.geojson", request(job, system(), Fixtures.config("hierarchy", "NOPE"))));
        assertTrue(unknown.getMessage().startsWith("hierarchy: "));
        assertTrue(provider.artifact("export.geojson", request(job, system(), null)).isEmpty(), "not for a system");
        assertTrue(provider.artifact("bundle", request(job, system(), Fixtures.config())).isEmpty());
    }

    /** The registry's stream is read as the response is written: the first bytes leave before most objects are read. */
    @Test
    void streamsWithoutHoldingTheExport() throws Exception {
        int total = 50_000;
        AtomicLong pulled = new AtomicLong();
        AtomicLong pulledAtFirstWrite = new AtomicLong(-1);
        TestJob job = new TestJob(system(), Fixtures.config(), "district") {
            @Override
            public Stream<GeoObject> objectsParentFirst(String hierarchyCode, Optional<Instant> since) {
                return Stream.iterate(0, i -> i + 1).limit(total).map(i -> {
                    pulled.incrementAndGet();
                    return new GeoObject("district", "D" + i, LocalizedText.of("District " + i), Fixtures.CLINIC,
                            Map.of(), List.of(), LocalDate.of(2020, 1, 1), null, TestJob.CREATED, Map.of());
                });
            }
        };
        Artifact artifact = provider.artifact("export.geojson", request(job, system(), Fixtures.config())).orElseThrow();
        AtomicLong bytes = new AtomicLong();
        artifact.writeTo(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pulledAtFirstWrite.compareAndSet(-1, pulled.get());
                bytes.addAndGet(len);
            }
        });
        assertEquals(total, pulled.get());
        assertTrue(pulledAtFirstWrite.get() < 1_000, "bytes left after " + pulledAtFirstWrite.get() + " objects");
        assertTrue(bytes.get() > total * 100L, "everything was written: " + bytes.get());
    }
}
