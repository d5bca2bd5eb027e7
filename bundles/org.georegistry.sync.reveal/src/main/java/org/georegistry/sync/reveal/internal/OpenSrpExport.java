package org.georegistry.sync.reveal.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;

/**
 * Export to OpenSRP: jurisdictions in batches to {@code POST /rest/location/add?is_jurisdiction=true}, which adds or
 * updates each by id and names the ids it could not store. A batch OpenSRP cannot read at all (400) is sent again
 * one location at a time, so one bad location does not cost the others. Each level is sent before the next, so a
 * child is only sent once its parent is stored.
 */
final class OpenSrpExport extends ExportRun {

    static final String ADD = "/rest/location/add?is_jurisdiction=true";
    static final String NOT_PROCESSED = "Locations with Ids not processed:";
    /** Under the 10 MB proxies commonly accept. */
    static final int BATCH_BYTES = 8 * 1024 * 1024;

    private record Pending(GeoObject object, String id, String json) {}

    private final RevealClient client;
    private final Locations locations;
    private final List<Pending> batch = new ArrayList<>();
    private final Map<String, Integer> depths = new HashMap<>();
    private int batchBytes;

    OpenSrpExport(RevealClient client, SyncJob job, ExportConfig config, Locations locations) {
        super(job, config);
        this.client = client;
        this.locations = locations;
    }

    void run() throws IOException {
        for (String type : types()) {
            try (Stream<GeoObject> objects = job.registry().objects(type, job.changedSince())) {
                Iterator<GeoObject> it = objects.iterator();
                while (it.hasNext() && !job.isCancelled()) {
                    Pending pending = prepare(it.next());
                    if (pending == null) {
                        processed++;
                        continue;
                    }
                    int bytes = pending.json().getBytes(StandardCharsets.UTF_8).length + 1;
                    if (batch.size() >= config.batchSize() || !batch.isEmpty() && batchBytes + bytes > BATCH_BYTES) {
                        flush();
                    }
                    batch.add(pending);
                    batchBytes += bytes;
                }
            }
            if (job.isCancelled()) {
                break;
            }
            flush();
        }
        finish("OpenSRP");
    }

    private Pending prepare(GeoObject object) throws IOException {
        String id = object.externalIds().get(job.externalSystemId());
        if (id == null) {
            id = Locations.newId(job.externalSystemId(), object.typeCode(), object.code());
        }
        Optional<ParentLink> parent = parent(object);
        String parentId = null;
        if (parent.isPresent()) {
            parentId = parentId(parent.get());
            if (parentId == null) {
                error(object, "PARENT_NOT_EXPORTED", "The parent of " + object.code() + " (" + parent.get().typeCode()
                        + " " + parent.get().code() + ") is not in OpenSRP: it was refused or never exported (a full"
                        + " run exports it)");
                return null;
            }
        }
        int level = level(object);
        ObjectNode feature = locations.openSrp(object, id, parentId, level);
        return new Pending(object, id, feature.toString());
    }

    /** The configured level number, else the type's depth in the hierarchy. */
    private int level(GeoObject object) {
        ExportConfig.Level configured = config.levels().get(object.typeCode());
        if (configured != null && configured.geographicLevel() != null) {
            return Integer.parseInt(configured.geographicLevel());
        }
        return depth(object.typeCode());
    }

    /**
     * 0 for a root type, its parent type's depth plus one otherwise. The view gives types but not their parent
     * types, so one object of the type tells (an incremental run may hold no object of the parent type).
     */
    private int depth(String type) {
        Integer known = depths.get(type);
        if (known != null) {
            return known;
        }
        Optional<ParentLink> parent;
        try (Stream<GeoObject> objects = job.registry().objects(type, Optional.empty())) {
            parent = objects.map(this::parent).flatMap(Optional::stream).findFirst();
        }
        int depth = parent.map(p -> depth(p.typeCode()) + 1).orElse(0);
        depths.put(type, depth);
        return depth;
    }

    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        if (job.dryRun()) {
            batch.forEach(p -> confirmed(p.object(), p.id()));
        } else {
            send(batch);
        }
        processed += batch.size();
        batch.clear();
        batchBytes = 0;
        progress();
    }

    private void send(List<Pending> locations) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < locations.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(locations.get(i).json().getBytes(StandardCharsets.UTF_8));
        }
        body.write(']');
        RevealClient.Response response = client.sendJson("POST", ADD, body.toByteArray(), true);
        if (response.status() == 400) {
            if (locations.size() == 1) {
                Pending p = locations.get(0);
                failed++;
                job.objectError(new ObjectError(p.object().code(), ObjectError.Severity.ERROR, "UNREADABLE",
                        "OpenSRP could not read this location (HTTP 400): a value has a type it does not accept",
                        p.json(), response.body(), p.object().typeCode()));
                return;
            }
            for (Pending p : locations) {
                send(List.of(p)); // find the location OpenSRP cannot read; the others go through
            }
            return;
        }
        if (response.status() != 201 && response.status() != 200) {
            throw client.wrongAnswer(ADD, response);
        }
        Set<String> refused = notProcessed(response.body());
        for (Pending p : locations) {
            if (refused.contains(p.id())) {
                failed++;
                job.objectError(new ObjectError(p.object().code(), ObjectError.Severity.ERROR, "NOT_PROCESSED",
                        "OpenSRP did not store this location (it lists it as not processed; its log has the cause)",
                        p.json(), response.body(), p.object().typeCode()));
            } else {
                // the ids are derived from system, type and code: one lost in a crash is sent again the same
                confirmedUnsaved(p.object(), p.id());
            }
        }
        saveConfirmed();
    }

    /** The ids in "Locations with Ids not processed: a,b"; "All Locations  processed" names none. */
    static Set<String> notProcessed(String answer) {
        int at = answer.indexOf(NOT_PROCESSED);
        if (at < 0) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        Arrays.stream(answer.substring(at + NOT_PROCESSED.length()).split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).forEach(ids::add);
        return ids;
    }
}
