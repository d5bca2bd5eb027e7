package org.georegistry.benchmarks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The FHIR figures through the real server: "Generate Bundle" ({@code GET /api/sync-configs/{id}/bundle}, one
 * transaction Bundle of every object, streamed), and a push to the HAPI JPA test server compared with HAPI's own
 * client posting the same Bundles (downloaded from the server as {@code bundles.zip}, for a second identifier
 * system so that they create as the push did).
 */
final class FhirBench {

    static final int BATCH = 250;

    private final ServerProcess server;
    private final Api api;

    FhirBench(ServerProcess server) {
        this.server = server;
        this.api = server.api();
    }

    /** An external system and an export configuration of a hierarchy; answers the configuration's id. */
    long configure(String id, String url, Dataset data) throws Exception {
        api.post("/api/external-systems", "{\"id\":\"" + id + "\",\"type\":\"fhir\",\"organization\":\"moh\","
                + "\"label\":\"" + id + "\",\"settings\":{\"url\":\"" + url + "\",\"system\":"
                + "\"https://registry.example.org/" + id + "-" + UUID.randomUUID() + "\"}}");
        ObjectNode settings = Api.JSON.createObjectNode().put("hierarchy", data.hierarchy()).put("batchSize", BATCH)
                .put("preferredLocale", "en");
        settings.putArray("attributes")
                .add(Api.JSON.createObjectNode().put("attribute", "beds")
                        .put("extension", "https://registry.example.org/fhir/StructureDefinition/beds"))
                .add(Api.JSON.createObjectNode().put("attribute", "population")
                        .put("extension", "https://registry.example.org/fhir/StructureDefinition/population"));
        ObjectNode body = Api.JSON.createObjectNode().put("label", "To " + id).put("externalSystem", id)
                .put("direction", "EXPORT").put("hierarchy", data.hierarchy());
        body.set("settings", settings);
        return api.post("/api/sync-configs", Api.JSON.writeValueAsBytes(body)).path("id").asLong();
    }

    Figure generateBundle(long config, Dataset data) throws Exception {
        server.fullGc();
        long mark = server.gcMark();
        long start = System.nanoTime();
        long bytes = api.download("/api/sync-configs/" + config + "/bundle");
        double seconds = Bench.seconds(start);
        Figure f = Figure.of("FHIR Generate Bundle (one Bundle, streamed)", data.total(), seconds,
                server.heapPeakSince(mark)).note(String.format(java.util.Locale.ROOT, "%,d MB", bytes / 1_000_000))
                .with("bytes", bytes);
        return data.total() == 100_000 ? f.atMost("≤ 20 s", "%.1f s", seconds, 20) : f;
    }

    /**
     * Pushes {@code data} to the FHIR server by a full run, then posts the same Bundles with HAPI's client; a warm-up
     * of up to twelve Bundles (3,000 objects) first, so that neither pays for HAPI JPA's cold start (with two, the
     * push ran on a server still compiling its own code and the client after it on a warm one).
     */
    List<Figure> push(String fhirUrl, Dataset data) throws Exception {
        long pushConfig = configure("fhir-push", fhirUrl, data);
        long clientConfig = configure("fhir-client", fhirUrl, data);
        long warmConfig = configure("fhir-warm", fhirUrl, data);
        IGenericClient client = client(fhirUrl);
        List<String> warm = bundles(warmConfig);
        for (String bundle : warm.subList(0, Math.min(12, warm.size()))) {
            client.transaction().withBundle(bundle).execute();
        }

        long mark = server.gcMark();
        long start = System.nanoTime();
        JsonNode job = Jobs.succeeded(Jobs.run(api, pushConfig, "?full=true"));
        double pushSeconds = Bench.seconds(start);
        ServerProcess.HeapPeak heap = server.heapPeakSince(mark);
        if (job.path("processed").asLong() != data.total()) {
            throw new IllegalStateException("The FHIR push processed " + job.path("processed") + " of " + data.total());
        }

        List<String> same = bundles(clientConfig);
        start = System.nanoTime();
        for (String bundle : same) {
            client.transaction().withBundle(bundle).execute();
        }
        double clientSeconds = Bench.seconds(start);
        String note = "transactions of " + BATCH + " objects (Location + Organization each) to HAPI FHIR JPA on H2 in"
                + " memory, in the benchmark's JVM";
        Figure pushFigure = Figure.of("FHIR push to the HAPI JPA server", data.total(), pushSeconds, heap).note(note);
        Figure clientFigure = Figure.of("HAPI's client posting the same Bundles", data.total(), clientSeconds, null)
                .atLeast("push ≥ 0.8× client", "push %.2f×", clientSeconds / pushSeconds, 0.8)
                .note(same.size() + " Bundles from bundles.zip");
        return List.of(pushFigure, clientFigure);
    }

    /**
     * FHIR to the registry: the Locations the push created read back through the mCSD transformation (its feature
     * dropped into {@code deploy/} first) into a second, empty set of types and hierarchy ({@code j}-prefixed codes),
     * in pages of {@value #BATCH} Locations with their Organizations.
     */
    Figure importBack(String fhirUrl, Dataset pushed, Path mcsdFeature) throws Exception {
        server.deploy("fhir-mcsd", mcsdFeature, "/api/transformations", "\"mcsd\"");
        Dataset target = new Dataset("j", pushed.total());
        target.define(api);
        String system = api.get("/api/external-systems/fhir-push").path("settings").path("system").asText();
        api.post("/api/external-systems", "{\"id\":\"fhir-in\",\"type\":\"fhir\",\"organization\":\"moh\","
                + "\"label\":\"fhir-in\",\"settings\":{\"url\":\"" + fhirUrl + "\",\"system\":\"" + system + "\"}}");
        ObjectNode typeMap = Api.JSON.createObjectNode();
        for (int level = 0; level < Dataset.TYPES.size(); level++) {
            typeMap.put(pushed.type(level), target.type(level));
        }
        ObjectNode settings = Api.JSON.createObjectNode().put("hierarchy", target.hierarchy())
                .put("transformation", "mcsd").put("pageSize", BATCH).put("search", "identifier=" + system + "|");
        settings.putObject("transformationSettings").set("typeMap", typeMap);
        ObjectNode body = Api.JSON.createObjectNode().put("label", "From FHIR").put("externalSystem", "fhir-in")
                .put("direction", "IMPORT").put("hierarchy", target.hierarchy());
        body.set("settings", settings);
        long config = api.post("/api/sync-configs", Api.JSON.writeValueAsBytes(body)).path("id").asLong();

        return Jobs.timedImport(server, config, pushed, target, "FHIR import of the pushed Locations into empty types",
                "through the mcsd transformation, pages of " + BATCH + " Locations (with their Organizations)");
    }

    /** {@code GET /api/sync-configs/{id}/bundle?format=zip&pageSize=BATCH}: each Bundle's JSON. */
    private List<String> bundles(long config) throws Exception {
        byte[] zip = api.bytes("/api/sync-configs/" + config + "/bundle?format=zip&pageSize=" + BATCH);
        List<String> bundles = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                bundles.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return bundles;
    }

    private static IGenericClient client(String url) {
        FhirContext ctx = FhirContext.forR4Cached();
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        ctx.getRestfulClientFactory().setSocketTimeout(900_000);
        return ctx.newRestfulGenericClient(url);
    }
}
