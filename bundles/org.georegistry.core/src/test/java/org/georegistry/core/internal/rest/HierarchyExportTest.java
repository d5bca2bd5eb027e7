package org.georegistry.core.internal.rest;

import static org.georegistry.core.internal.rest.SyncFixture.RA_MOF;
import static org.georegistry.core.internal.rest.SyncFixture.RC_MOH;
import static org.georegistry.core.internal.rest.SyncFixture.SRA;
import static org.georegistry.core.internal.rest.SyncFixture.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.SyncProvider;
import org.georegistry.core.internal.providers.TestProviders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/hierarchies/{code}/export?format=reveal&externalSystem=...}: the Reveal provider's file, checked first. */
class HierarchyExportTest {

    @TempDir
    Path dir;

    SyncFixture f;
    HierarchiesResource hierarchies;

    /** Stands for the Reveal provider: its export.geojson says what it was asked. */
    static final class RevealLike implements SyncProvider {
        @Override public String type() { return "reveal"; }
        @Override public String label() { return "Reveal"; }
        @Override public Set<Capability> capabilities() { return EnumSet.of(Capability.EXPORT); }

        @Override
        public Optional<Artifact> artifact(String name, ArtifactRequest request) {
            if (!name.equals("export.geojson") || request.configSettings().isEmpty()) {
                return Optional.empty();
            }
            if (request.parameters().containsKey("page") && request.parameters().get("page").get(0).equals("0")) {
                throw new IllegalArgumentException("page: use a whole number from 1 up, not '0'");
            }
            String text = request.configSettings().get().text("hierarchy", "?") + " " + request.parameters().get("page");
            return Optional.of(new Artifact() {
                @Override public String fileName() { return "export.geojson"; }
                @Override public String mediaType() { return "application/geo+json"; }
                @Override public void writeTo(java.io.OutputStream out) throws java.io.IOException {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new SyncFixture(dir);
        TestProviders.add(f.providers, new RevealLike());
        f.systems.create(SRA, new ExternalSystemsResource.ExternalSystemInput("zm", "reveal", "moh",
                LocalizedText.of("Reveal Zambia"), null, Map.of()));
        f.createSystem("dhis", "moh");
        f.systems.create(SRA, new ExternalSystemsResource.ExternalSystemInput("mof-zm", "reveal", "mof",
                LocalizedText.of("Reveal"), null, Map.of()));
        hierarchies = new HierarchiesResource(f.storage);
        hierarchies.sync = f.sync;
        hierarchies.providers = f.providers;
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static UriInfo uri(String... params) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            query.add(params[i], params[i + 1]);
        }
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getQueryParameters" -> query;
                    case "getBaseUri" -> URI.create("https://registry.example.org/api/");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static String body(Response response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamingOutput) response.getEntity()).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesTheProvidersFileForTheHierarchy() throws Exception {
        Response response = hierarchies.export(RC_MOH, uri("format", "reveal", "externalSystem", "zm", "page", "2"),
                "moh-admin", "reveal", "zm");
        assertEquals(200, response.getStatus());
        assertEquals("application/geo+json", response.getMediaType().toString());
        assertEquals("moh-admin [2]", body(response), "settings {hierarchy: code}, parameters passed on");
    }

    @Test
    void badRequestsNameTheParameter() {
        refused(400, "format", () -> hierarchies.export(RC_MOH, uri(), "moh-admin", null, "zm"));
        refused(400, "format", () -> hierarchies.export(RC_MOH, uri(), "moh-admin", "geojson", "zm"));
        refused(400, "externalSystem", () -> hierarchies.export(RC_MOH, uri(), "moh-admin", "reveal", null));
        refused(400, "externalSystem", () -> hierarchies.export(RC_MOH, uri(), "moh-admin", "reveal", "dhis"));
        Problem page = refused(400, null, () -> hierarchies.export(RC_MOH, uri("page", "0"), "moh-admin", "reveal", "zm"));
        assertEquals("page: use a whole number from 1 up, not '0'", page.detail());
        refused(404, null, () -> hierarchies.export(RC_MOH, uri(), "nowhere", "reveal", "zm"));
        refused(404, null, () -> hierarchies.export(RC_MOH, uri(), "moh-admin", "reveal", "mof-zm"));
        refused(404, null, () -> hierarchies.export(RA_MOF, uri(), "moh-admin", "reveal", "zm"));
        hierarchies.providers = null;
        refused(503, null, () -> hierarchies.export(RC_MOH, uri(), "moh-admin", "reveal", "zm"));
    }
}
