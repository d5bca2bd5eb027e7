package org.georegistry.sync.fhir.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.sync.Settings;
import org.georegistry.itests.fhir.FhirTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints the FHIR figures: Generate Bundle for 100,000 Geo-Objects (time, peak heap), and a push of 10,000 to the
 * HAPI JPA test server, in objects/s and as a ratio to posting the same Bundles with HAPI's own client. Skipped
 * unless run with {@code -Dgeoregistry.benchmark=true}, e.g. {@code mvn -B verify -pl
 * itests/fhir-server,bundles/org.georegistry.api,bundles/org.georegistry.fhir.transform.mcsd,bundles/org.georegistry.sync.fhir
 * -Dtest=FhirBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false -Dgeoregistry.benchmark=true -DargLine=-Xmx512m}.
 */
@EnabledIfSystemProperty(named = "georegistry.benchmark", matches = "true")
final class FhirBenchmarkTest {

    private final FhirSyncProvider provider = new FhirSyncProvider();

    /** 1 country, 50 provinces, 1,000 districts (polygons) and the rest facilities (points). */
    static TestJob registry(String url, String system, int objects) {
        TestJob job = new TestJob(Settings.of(Map.of("url", url, "system", system)),
                Settings.of(Map.of("hierarchy", TestJob.HIERARCHY, "batchSize", 500)), SampleHierarchy.TYPES);
        Instant updated = Instant.parse("2026-01-01T00:00:00Z");
        LocalDate from = LocalDate.of(2020, 1, 1);
        job.put(new GeoObject("COUNTRY", "C", LocalizedText.of("Country"), SampleHierarchy.square(30, -5, 10, true),
                Map.of(), List.of(), from, null, updated, Map.of()));
        int provinces = Math.min(50, objects / 100 + 1);
        int districts = Math.min(1000, objects / 10 + 1);
        for (int p = 0; p < provinces; p++) {
            job.put(new GeoObject("PROVINCE", "P" + p, LocalizedText.of("Province " + p),
                    SampleHierarchy.square(30 + p * 0.2, -5, 0.2, false), Map.of(),
                    List.of(new ParentLink(TestJob.HIERARCHY, "COUNTRY", "C")), from, null, updated, Map.of()));
        }
        for (int d = 0; d < districts; d++) {
            job.put(new GeoObject("DISTRICT", "D" + d, new LocalizedText(Map.of("default", "District " + d, "fr",
                    "District n° " + d)), SampleHierarchy.square(30 + (d % 50) * 0.2, -5 + d / 50 * 0.01, 0.01, false),
                    Map.of(), List.of(new ParentLink(TestJob.HIERARCHY, "PROVINCE", "P" + (d % provinces))), from, null,
                    updated, Map.of()));
        }
        for (int f = 0; f < objects - 1 - provinces - districts; f++) {
            job.put(new GeoObject("FACILITY", "F" + f, LocalizedText.of("Health facility " + f),
                    "{\"type\":\"Point\",\"coordinates\":[" + (30 + (f % 1000) * 0.01) + "," + (-5 + f / 1000 * 0.01)
                            + "]}", Map.of(), List.of(new ParentLink(TestJob.HIERARCHY, "DISTRICT", "D" + (f % districts))),
                    from, null, updated, Map.of()));
        }
        return job;
    }

    @Test
    void generateBundleFor100kObjects() throws Exception {
        TestJob job = registry("https://fhir.example.org/fhir", "https://registry.example.org/code", 100_000);
        assertEquals(100_000, job.objects.size());
        System.gc();
        resetPeaks();
        long[] bytes = {0};
        OutputStream counting = new OutputStream() {
            @Override public void write(int b) { bytes[0]++; }
            @Override public void write(byte[] b, int off, int len) { bytes[0] += len; }
        };
        long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        provider.artifact("bundle", job.artifactRequest(Map.of())).orElseThrow().writeTo(counting);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1e9;
        // CPU time as well: on a shared machine the wall time says more about the neighbours than about the code
        System.out.printf("FIGURE fhir generate-bundle objects=100000 seconds=%.1f cpu-seconds=%.1f bytes=%d"
                + " peak-heap-mb=%d (max %d, the in-memory test registry included)%n", seconds, cpuSeconds, bytes[0],
                peakHeap() / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    /** 10,000 by default; {@code -Dgeoregistry.fhir.push=N} for a shorter run on a busy machine. */
    @Test
    void push10kComparedWithHapisClient() throws Exception {
        int n = Integer.getInteger("georegistry.fhir.push", 10_000);
        FhirTestServer fhir = FhirTestServer.shared();
        TestJob job = registry(fhir.baseUrl(), "https://registry.example.org/" + UUID.randomUUID(), n);
        provider.run(registry(fhir.baseUrl(), "https://warm.example.org/" + UUID.randomUUID(), 500));   // warm-up
        long start = System.nanoTime();
        provider.run(job);
        double providerSeconds = (System.nanoTime() - start) / 1e9;
        assertEquals(List.of(), job.errors);
        assertEquals(n, job.externalIds.size());
        System.out.printf("FIGURE fhir push objects=%d provider-seconds=%.1f provider-objects-per-s=%.0f%n", n,
                providerSeconds, n / providerSeconds);

        // the same Bundles (same size, a fresh identifier system so they create as the provider's did)
        TestJob same = registry(fhir.baseUrl(), "https://registry.example.org/" + UUID.randomUUID(), n);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        provider.artifact("bundle", same.artifactRequest(Map.of("format", List.of("zip"), "pageSize", List.of("500"))))
                .orElseThrow().writeTo(zip);
        List<String> bundles = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                bundles.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        FhirContext ctx = FhirContext.forR4Cached();
        ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        ctx.getRestfulClientFactory().setSocketTimeout(900_000);
        IGenericClient client = ctx.newRestfulGenericClient(fhir.baseUrl());
        start = System.nanoTime();
        for (String bundle : bundles) {
            client.transaction().withBundle(bundle).execute();
        }
        double hapiSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("FIGURE fhir push objects=%d provider-seconds=%.1f provider-objects-per-s=%.0f"
                + " hapi-client-seconds=%.1f hapi-client-objects-per-s=%.0f ratio=%.2f%n", n, providerSeconds,
                n / providerSeconds, hapiSeconds, n / hapiSeconds, hapiSeconds / providerSeconds);
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
