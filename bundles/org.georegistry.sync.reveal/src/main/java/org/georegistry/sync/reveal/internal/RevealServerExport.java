package org.georegistry.sync.reveal.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;

/**
 * Export to the Reveal server: its geographic levels and location hierarchy are created when missing, then each
 * object is created ({@code POST /api/v1/location}) or updated ({@code PUT /api/v1/location/{identifier}}), the
 * identifier Reveal answers being the external id. Reveal derives parents from geometry, so an object without
 * geometry cannot be placed and is reported instead of sent.
 */
final class RevealServerExport extends ExportRun {

    static final String LEVELS = "/api/v1/geographicLevel";
    static final String HIERARCHIES = "/api/v1/locationHierarchy";
    static final String LOCATIONS = "/api/v1/location";
    private static final int PROGRESS_EVERY = 50;
    /** Spring Data's default largest page: a bigger size is silently cut to it. */
    private static final String ALL = "?size=2000";

    private final RevealClient client;
    private final ObjectMapper mapper;
    private final Locations locations;

    RevealServerExport(RevealClient client, ObjectMapper mapper, SyncJob job, ExportConfig config, Locations locations) {
        super(job, config);
        this.client = client;
        this.mapper = mapper;
        this.locations = locations;
    }

    void run() throws IOException {
        List<String> types = types();
        List<String> nodeOrder = new ArrayList<>();
        for (String type : types) {
            nodeOrder.add(config.geographicLevel(type, 0, Flavour.REVEAL));
        }
        createLevels(types, nodeOrder);
        createHierarchy(nodeOrder);
        for (int i = 0; i < types.size() && !job.isCancelled(); i++) {
            try (Stream<GeoObject> objects = job.registry().objects(types.get(i), job.changedSince())) {
                Iterator<GeoObject> it = objects.iterator();
                while (it.hasNext() && !job.isCancelled()) {
                    export(it.next(), nodeOrder.get(i));
                    if (++processed % PROGRESS_EVERY == 0) {
                        progress();
                    }
                }
            }
        }
        finish("Reveal");
    }

    private void createLevels(List<String> types, List<String> nodeOrder) throws IOException {
        Set<String> existing = new HashSet<>();
        client.getJson(LEVELS + ALL).path("content").forEach(l -> existing.add(l.path("name").asText()));
        for (int i = 0; i < types.size(); i++) {
            String name = nodeOrder.get(i);
            if (existing.contains(name)) {
                continue;
            }
            if (job.dryRun()) {
                job.objectError(ObjectError.warning(null, "LEVEL_TO_CREATE", "Reveal has no geographic level " + name
                        + "; the export will create it"));
                continue;
            }
            ObjectNode level = mapper.createObjectNode().put("title", config.title(types.get(i))).put("name", name);
            RevealClient.Response response = client.sendJson("POST", LEVELS, bytes(level), false);
            if (response.status() != 201 && response.status() != 409) {
                throw new RevealException(RevealException.Kind.HTTP_ERROR, "Reveal refused to create geographic level "
                        + name + " (HTTP " + response.status() + client.detail(response) + ")");
            }
        }
    }

    private void createHierarchy(List<String> nodeOrder) throws IOException {
        String name = config.revealHierarchy();
        for (JsonNode h : client.getJson(HIERARCHIES + ALL).path("content")) {
            if (name.equals(h.path("name").asText())) {
                List<String> theirs = new ArrayList<>();
                h.path("nodeOrder").forEach(n -> theirs.add(n.asText()));
                if (!theirs.equals(nodeOrder)) {
                    job.objectError(ObjectError.warning(null, "HIERARCHY_DIFFERS", "Reveal's location hierarchy " + name
                            + " has the levels " + theirs + ", not " + nodeOrder + ": Reveal places locations by its own"));
                }
                return;
            }
        }
        if (job.dryRun()) {
            job.objectError(ObjectError.warning(null, "HIERARCHY_TO_CREATE", "Reveal has no location hierarchy " + name
                    + "; the export will create it with the levels " + nodeOrder));
            return;
        }
        ObjectNode body = mapper.createObjectNode().put("name", name);
        nodeOrder.forEach(body.putArray("nodeOrder")::add);
        RevealClient.Response response = client.sendJson("POST", HIERARCHIES, bytes(body), false);
        if (response.status() == 409) {
            job.objectError(ObjectError.warning(null, "HIERARCHY_EXISTS", "Reveal already has a location hierarchy"
                    + " with the levels " + nodeOrder + " under another name" + client.detail(response)));
        } else if (response.status() != 201) {
            throw new RevealException(RevealException.Kind.HTTP_ERROR, "Reveal refused to create location hierarchy "
                    + name + " (HTTP " + response.status() + client.detail(response) + ")");
        }
    }

    private void export(GeoObject object, String level) throws IOException {
        if (object.geometry() == null) {
            error(object, "NO_GEOMETRY", "Reveal places a location in its hierarchy from its geometry (the parent is"
                    + " the location whose boundary contains its centroid): " + object.code() + " has no geometry, so it"
                    + " was not sent");
            return;
        }
        String identifier = object.externalIds().get(job.externalSystemId());
        if (identifier != null && !Locations.isUuid(identifier)) {
            error(object, "INVALID_EXTERNAL_ID", "The Reveal id recorded for " + object.code() + " (" + identifier
                    + ") is not a Reveal location identifier (a UUID)");
            return;
        }
        Optional<ParentLink> parent = parent(object);
        if (parent.isPresent() && parentId(parent.get()) == null) {
            job.objectError(ObjectError.warning(object.code(), "PARENT_NOT_IN_REVEAL", "The parent of " + object.code()
                    + " (" + parent.get().typeCode() + " " + parent.get().code() + ") is not in Reveal, so Reveal will"
                    + " find no parent for it").ofType(object.typeCode()));
        }
        String externalId = Locations.newId(job.externalSystemId(), object.typeCode(), object.code());
        String sent = locations.reveal(object, externalId, level).toString();
        if (job.dryRun()) {
            confirmed(object, identifier != null ? identifier : externalId);
            return;
        }
        if (identifier != null) {
            RevealClient.Response updated = client.sendJson("PUT", LOCATIONS + "/" + identifier,
                    sent.getBytes(StandardCharsets.UTF_8), true);
            if (updated.status() == 200) {
                confirmed(object, identifier);
                return;
            }
            if (updated.status() != 404) {
                refused(object, sent, updated);
                return;
            }
            job.objectError(ObjectError.warning(object.code(), "RECREATED", "Reveal no longer had location " + identifier
                    + " for " + object.code() + "; it was created again").ofType(object.typeCode()));
        }
        RevealClient.Response created = client.sendJson("POST", LOCATIONS, sent.getBytes(StandardCharsets.UTF_8), false);
        String newIdentifier = created.status() == 201 && created.json()
                ? client.parse(LOCATIONS, created).path("identifier").asText(null) : null;
        if (newIdentifier == null) {
            refused(object, sent, created);
            return;
        }
        confirmed(object, newIdentifier);
    }

    /** A single location refused (400, 404 level, 409, 500): reported, the run goes on; anything else ends it. */
    private void refused(GeoObject object, String sent, RevealClient.Response response) throws RevealException {
        int status = response.status();
        if (status != 400 && status != 404 && status != 409 && status != 500 && status != 201) {
            throw client.wrongAnswer(LOCATIONS, response);
        }
        failed++;
        job.objectError(new ObjectError(object.code(), ObjectError.Severity.ERROR, "REVEAL_" + status,
                "Reveal refused " + object.code() + " (HTTP " + status + client.detail(response) + ")", sent,
                response.body(), object.typeCode()));
    }

    private byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
