package org.georegistry.sync.dhis2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Settings;
import org.junit.jupiter.api.Test;

/**
 * The app zip against what DHIS2's App Management reads (AppManager / App.java in dhis2-core: manifest.webapp with
 * name, version, launch_path, icons, activities.dhis.href; the launch page inside the zip) and what GPR ships.
 */
class AppPluginTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Dhis2SyncProvider provider = new Dhis2SyncProvider();

    private static ArtifactRequest request(Optional<Settings> config, Map<String, List<String>> parameters) {
        return new ArtifactRequest() {
            @Override public String externalSystemId() { return "dhis2"; }
            @Override public Settings systemSettings() { return Settings.empty(); }
            @Override public Optional<Settings> configSettings() { return config; }
            @Override public RegistryView registry() { throw new UnsupportedOperationException(); }
            @Override public Map<String, List<String>> parameters() { return parameters; }
            @Override public String publicUrl() { return "https://registry.health.gov.example"; }
        };
    }

    private static Map<String, byte[]> unzip(Artifact artifact) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        artifact.writeTo(out);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void theZipHoldsAValidManifestARedirectingLaunchPageAndItsIcons() throws Exception {
        Artifact artifact = provider.artifact("dhis2-plugin.zip", request(Optional.empty(), Map.of())).orElseThrow();
        assertEquals("application/zip", artifact.mediaType());
        assertTrue(artifact.fileName().endsWith(".zip"));
        Map<String, byte[]> entries = unzip(artifact);
        assertEquals(List.of("manifest.webapp", "index.html", "icons/icon-16.png", "icons/icon-48.png",
                "icons/icon-128.png"), List.copyOf(entries.keySet()));

        JsonNode manifest = MAPPER.readTree(entries.get("manifest.webapp"));
        assertEquals("GeoRegistry", manifest.path("name").asText());
        assertTrue(manifest.path("version").asText().matches("\\d+\\.\\d+\\.\\d+"), manifest.toString());
        assertEquals("APP", manifest.path("appType").asText());
        assertEquals("*", manifest.path("activities").path("dhis").path("href").asText());
        assertEquals("GeoRegistry", manifest.path("developer").path("name").asText());
        assertTrue(manifest.path("description").asText().contains("https://registry.health.gov.example"));
        String launch = manifest.path("launch_path").asText();
        assertTrue(entries.containsKey(launch), "the launch page is in the zip: " + launch);
        for (String size : List.of("16", "48", "128")) {
            byte[] png = entries.get(manifest.path("icons").path(size).asText());
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                    java.util.Arrays.copyOf(png, 8), "icon " + size + " is a PNG");
            assertEquals(Integer.parseInt(size), ByteBuffer.wrap(png, 16, 4).getInt(), "IHDR width");
            assertEquals(Integer.parseInt(size), ByteBuffer.wrap(png, 20, 4).getInt(), "IHDR height");
        }
        String html = new String(entries.get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<meta http-equiv=\"Refresh\" content=\"0; url='https://registry.health.gov.example'\">"),
                html);
    }

    @Test
    void theAddressCanBeGivenAndIsCheckedAndOnlyTheSystemHasTheApp() throws Exception {
        Artifact given = provider.artifact("dhis2-plugin.zip", request(Optional.empty(),
                Map.of("registryUrl", List.of("https://gr.example.org/?a=1&b='2'")))).orElseThrow();
        String html = new String(unzip(given).get("index.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("url='https://gr.example.org/?a=1&amp;b=&#39;2&#39;'"), html);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.artifact(
                "dhis2-plugin.zip", request(Optional.empty(), Map.of("registryUrl", List.of("javascript:alert(1)")))));
        assertTrue(e.getMessage().startsWith("registryUrl:"), e.getMessage());
        assertEquals(Optional.empty(), provider.artifact("dhis2-plugin.zip",
                request(Optional.of(Settings.empty()), Map.of())));
        assertEquals(Optional.empty(), provider.artifact("bundle", request(Optional.empty(), Map.of())));
        assertEquals("2.3.0", AppPlugin.appVersion("2.3.0.202611220512"));
        assertEquals("0.1.0", AppPlugin.appVersion("0.1.0.SNAPSHOT"));
    }
}
