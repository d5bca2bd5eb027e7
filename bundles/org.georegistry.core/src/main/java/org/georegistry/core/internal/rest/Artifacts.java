package org.georegistry.core.internal.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Artifact;
import org.georegistry.api.sync.ArtifactRequest;
import org.georegistry.api.sync.Settings;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.providers.InstalledProvider;
import org.georegistry.core.internal.registry.StoredRegistryView;
import org.georegistry.core.internal.store.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the files providers produce ({@code bundle}, {@code dhis2-plugin.zip}, {@code export.geojson}, ...) for an
 * external system or one of its configurations, streamed to the client. A provider's parameter complaint is a 400;
 * its failure is a 502, since the cause is the provider (or its peer), not the server.
 */
final class Artifacts {

    private static final Logger LOG = LoggerFactory.getLogger(Artifacts.class);

    private Artifacts() {}

    static Response serve(Storage storage, InstalledProvider provider, ExternalSystem system,
            Optional<Settings> configSettings, String name, UriInfo uri) {
        ArtifactRequest request = request(storage, system, configSettings, uri);
        Optional<Artifact> artifact;
        try {
            artifact = provider.provider().artifact(name, request);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Invalid request", e.getMessage(), List.of());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Provider '{}' failed producing '{}' for external system '{}': {}", provider.type(), name,
                    system.id(), e.toString());
            throw new ApiException(502, "Bad Gateway", "The provider could not produce '" + name + "': "
                    + e.getMessage(), List.of());
        }
        Artifact a = artifact == null ? null : artifact.orElse(null);
        if (a == null) {
            throw ApiException.notFound("The '" + provider.type() + "' provider offers no file '" + name + "' here");
        }
        StreamingOutput body = a::writeTo;
        return Response.ok(body, a.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + a.fileName().replace("\"", "") + "\"")
                .build();
    }

    private static ArtifactRequest request(Storage storage, ExternalSystem system, Optional<Settings> configSettings,
            UriInfo uri) {
        RegistryView view = new StoredRegistryView(storage, system.id());
        Map<String, List<String>> parameters = Map.copyOf(uri.getQueryParameters());
        String base = uri.getBaseUri().toString().replaceFirst("/api/?$", "");
        Settings systemSettings = system.providerSettings();
        return new ArtifactRequest() {
            @Override
            public String externalSystemId() {
                return system.id();
            }

            @Override
            public Settings systemSettings() {
                return systemSettings;
            }

            @Override
            public Optional<Settings> configSettings() {
                return configSettings;
            }

            @Override
            public RegistryView registry() {
                return view;
            }

            @Override
            public Map<String, List<String>> parameters() {
                return parameters;
            }

            @Override
            public String publicUrl() {
                return base;
            }
        };
    }
}
