package org.georegistry.sync.reveal.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.ParentLink;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.SyncJob;

/**
 * What both export flavours share: the hierarchy's types to export, each object's parent in that hierarchy and the
 * parent's id in the system (confirmed in this run, or recorded by an earlier one), counters and progress.
 */
abstract class ExportRun {

    static final String STAGE = "EXPORT";
    static final System.Logger LOG = System.getLogger(ExportRun.class.getName());

    final SyncJob job;
    final ExportConfig config;
    /** Ids confirmed (or, in a dry run, planned) in this run, by type and code. */
    private final Map<String, String> ids = new HashMap<>();
    /** Ids recorded by earlier runs, loaded once per type. */
    private final Map<String, Map<String, String>> recorded = new HashMap<>();
    /** New or changed ids confirmed but not saved yet, by type and code. */
    private final Map<String, Map<String, String>> unsaved = new LinkedHashMap<>();
    long processed;
    long stored;
    long failed;

    ExportRun(SyncJob job, ExportConfig config) {
        this.job = job;
        this.config = config;
    }

    /** The hierarchy's types to export, root types first; unknown configured types are reported. */
    List<String> types() {
        List<String> types = job.registry().typesParentFirst(config.hierarchy());
        if (types.isEmpty()) {
            throw new IllegalArgumentException("Hierarchy " + config.hierarchy() + " does not exist or has no types");
        }
        for (String type : config.levels().keySet()) {
            if (!types.contains(type)) {
                job.objectError(ObjectError.warning(null, "UNKNOWN_TYPE", "Type " + type + " is not in hierarchy "
                        + config.hierarchy() + "; its level was skipped"));
            }
        }
        return types.stream().filter(config::exports).toList();
    }

    Optional<ParentLink> parent(GeoObject object) {
        return object.parents().stream().filter(p -> config.hierarchy().equals(p.hierarchy())).findFirst();
    }

    /** The parent's id in the system, or null when it has none (never exported, or refused). */
    String parentId(ParentLink parent) {
        String id = ids.get(key(parent.typeCode(), parent.code()));
        if (id == null) {
            id = recorded.computeIfAbsent(parent.typeCode(), t -> job.registry().externalIds(t)).get(parent.code());
        }
        return id;
    }

    /** Records an object the system confirmed (or would, in a dry run): saves a new or changed id at once. */
    void confirmed(GeoObject object, String id) {
        confirmedUnsaved(object, id);
        saveConfirmed();
    }

    /**
     * Records an object the system confirmed in an answer about several; {@link #saveConfirmed} saves their ids in
     * one transaction per type (each transaction waits for the database to write it).
     */
    void confirmedUnsaved(GeoObject object, String id) {
        ids.put(key(object.typeCode(), object.code()), id);
        if (!job.dryRun()) {
            if (!id.equals(object.externalIds().get(job.externalSystemId()))) {
                unsaved.computeIfAbsent(object.typeCode(), t -> new LinkedHashMap<>()).put(object.code(), id);
            }
            stored++;
        }
    }

    void saveConfirmed() {
        unsaved.forEach((type, idsByCode) -> job.registry().saveExternalIds(type, idsByCode));
        unsaved.clear();
    }

    void error(GeoObject object, String code, String message) {
        failed++;
        job.objectError(ObjectError.error(object.code(), code, message).ofType(object.typeCode()));
    }

    void progress() {
        job.progress(STAGE, processed, -1);
    }

    void finish(String flavour) {
        LOG.log(System.Logger.Level.INFO, "Reveal export {0} to {1} {2}: {3} objects, {4} stored, {5} refused{6}",
                job.id(), flavour, job.isCancelled() ? "cancelled" : "done", processed, stored, failed,
                job.dryRun() ? " (dry run)" : "");
        job.progress(job.isCancelled() ? STAGE : "COMPLETE", processed, job.isCancelled() ? -1 : processed);
    }

    static String key(String type, String code) {
        return type + '\u0000' + code;
    }
}
