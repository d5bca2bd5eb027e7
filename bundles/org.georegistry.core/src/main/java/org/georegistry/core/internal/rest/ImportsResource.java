package org.georegistry.core.internal.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.importer.ImportConfig;
import org.georegistry.core.internal.importer.ImportResult;
import org.georegistry.core.internal.importer.Importer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code POST /api/imports} with {@code {"config": {...}, "content": "<the CSV or GeoJSON file>"}} → 202 and the
 * job; {@code GET /api/imports/{id}} → its counts and row errors. Bodies above {@code maxUploadBytes}
 * (etc/org.georegistry.imports.cfg) are refused with 413 before they are parsed.
 */
@Component(service = ImportsResource.class, configurationPid = ImportsResource.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ImportsResource.Config.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("imports")
@Produces(MediaType.APPLICATION_JSON)
public final class ImportsResource {

    public static final String PID = "org.georegistry.imports";

    @ObjectClassDefinition(name = "GeoRegistry imports")
    public @interface Config {
        @AttributeDefinition(description = "Largest accepted import request body, in bytes")
        long maxUploadBytes() default 100L * 1024 * 1024;
    }

    /** The request body. */
    public record ImportRequest(ImportConfig config, String content) {}

    private final Importer importer;
    private final long maxBytes;

    @Activate
    public ImportsResource(@Reference Importer importer, Config config) {
        this.importer = importer;
        this.maxBytes = config.maxUploadBytes();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(@Context SecurityContext sc, InputStream body) throws IOException {
        Caller caller = Caller.of(sc);
        ImportRequest request = Json.MAPPER.readValue(limited(body), ImportRequest.class);
        if (request == null) {
            throw ApiException.badRequest("", "A body is required: {\"config\": {...}, \"content\": \"...\"}");
        }
        if (request.content() == null) {
            throw ApiException.badRequest("content", "Required: the file's text");
        }
        ImportResult job = importer.submit(caller, request.config(), request.content());
        return Response.status(202).header("Location", "imports/" + job.id()).entity(job).build();
    }

    /**
     * The file itself as the body ({@code curl -H 'Content-Type: text/csv' --data-binary @file.csv}), its
     * configuration as JSON in the {@code config} query parameter: uploads of any size without wrapping the file
     * in a JSON string.
     */
    @POST
    @Consumes({"text/csv", "application/geo+json", "text/plain", MediaType.APPLICATION_OCTET_STREAM})
    public Response submitFile(@Context SecurityContext sc, @QueryParam("config") String config, InputStream body)
            throws IOException {
        Caller caller = Caller.of(sc);
        if (config == null || config.isBlank()) {
            throw ApiException.badRequest("config", "Required: the import configuration as JSON in the query");
        }
        ImportConfig parsed = Json.MAPPER.readValue(config, ImportConfig.class);
        if (parsed == null) {
            throw ApiException.badRequest("config", "Required: the import configuration as a JSON object");
        }
        ImportResult job = importer.submit(caller, parsed, new String(limited(body), StandardCharsets.UTF_8));
        return Response.status(202).header("Location", "imports/" + job.id()).entity(job).build();
    }

    @GET
    @Path("{id}")
    public ImportResult get(@Context SecurityContext sc, @PathParam("id") String id) {
        var job = importer.get(id).orElseThrow(() -> ApiException.notFound("Import " + id + " does not exist"));
        Caller.of(sc).requireRead(job.getKey(), "Import " + id);
        return job.getValue();
    }

    private byte[] limited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        for (int n; (n = in.read(buffer)) > 0; ) {
            if (out.size() + n > maxBytes) {
                throw new ApiException(413, "Content Too Large", "Import bodies are limited to " + maxBytes
                        + " bytes (maxUploadBytes in etc/" + PID + ".cfg)", List.of(new Problem.FieldError("content", "Too large")));
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
