package org.georegistry.core.internal.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.georegistry.api.model.GeoObject;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;
import org.georegistry.core.internal.model.Hierarchy;
import org.georegistry.core.internal.registry.GeoObjectInput;
import org.georegistry.core.internal.registry.ObjectChecker;
import org.georegistry.core.internal.registry.Registry;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.rest.Checks;
import org.georegistry.core.internal.rest.Json;
import org.georegistry.core.internal.store.BatchWriter;
import org.georegistry.core.internal.store.Database;
import org.georegistry.core.internal.store.GeoObjectStore;
import org.georegistry.core.internal.store.StoreException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports CSV and GeoJSON files as background jobs. The file is parsed and the configuration checked before the
 * job starts (either failing is a 400 with nothing stored). Rows are then written {@value #BATCH_SIZE} per
 * transaction; each row is atomic (object, parent and external id together), invalid rows are counted and
 * reported with their row number and column, and the rest is imported. Should a batch fail in the database, it
 * is retried row by row so one bad row cannot take its neighbours down.
 */
@Component(service = Importer.class)
public final class Importer {

    public static final int BATCH_SIZE = 1000;
    public static final int MAX_REPORTED_ERRORS = 1000;
    static final Set<String> STRATEGIES = Set.of("code", "externalid", "dhis2path");

    private static final Logger LOG = LoggerFactory.getLogger(Importer.class);

    private final Registry registry;
    private final Database db;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "georegistry-import"));
    private final Map<String, Job> running = new ConcurrentHashMap<>();

    @Activate
    public Importer(@Reference Registry registry) {
        this.registry = registry;
        this.db = registry.storage().database();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE import_job SET status = 'FAILED', finished = ?"
                    + " WHERE status = 'RUNNING'")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(Instant.now()));
                int n = ps.executeUpdate();
                if (n > 0) {
                    LOG.warn("{} import job(s) were interrupted by the last shutdown and are marked FAILED", n);
                }
            }
            return null;
        });
    }

    @Deactivate
    public void stop() {
        worker.shutdownNow();
    }

    /** Checks, parses and queues an import; answers the job as it starts. */
    public ImportResult submit(Caller caller, ImportConfig config, String content) {
        Prepared prepared = prepare(caller, config, content);
        Job job = new Job(UUID.randomUUID().toString(), prepared.checker.type().code(), Instant.now(), prepared.rows.size());
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO import_job (id, organization, type_code, status,"
                    + " created) VALUES (?, ?, ?, 'RUNNING', ?)")) {
                ps.setString(1, job.id);
                ps.setString(2, prepared.checker.type().organization());
                ps.setString(3, job.type);
                ps.setTimestamp(4, java.sql.Timestamp.from(job.submitted));
                ps.executeUpdate();
            }
            return null;
        });
        running.put(job.id, job);
        worker.execute(() -> run(job, prepared));
        return job.result("RUNNING", null, null);
    }

    /** Runs an import in the calling thread (tools and benchmarks). */
    public ImportResult runNow(Caller caller, ImportConfig config, String content) {
        Prepared prepared = prepare(caller, config, content);
        Job job = new Job(UUID.randomUUID().toString(), prepared.checker.type().code(), Instant.now(), prepared.rows.size());
        write(job, prepared);
        return job.result("COMPLETED", Instant.now(), null);
    }

    /** A job, with the organization owning its type (for scope checks). */
    public Optional<Map.Entry<String, ImportResult>> get(String id) {
        Job job = running.get(id);
        if (job != null) {
            return Optional.of(Map.entry(registry.type(job.type).organization(), job.result("RUNNING", null, null)));
        }
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT organization, result, status, type_code, created, finished"
                    + " FROM import_job WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    ImportResult r = rs.getString(2) != null ? read(rs.getString(2))
                            : new ImportResult(id, rs.getString(4), rs.getString(3), rs.getTimestamp(5).toInstant(),
                                    rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), 0, 0, 0, 0, 0,
                                    List.of(), "Interrupted by a shutdown");
                    return Optional.of(Map.entry(rs.getString(1), r));
                }
            }
        });
    }

    private static ImportResult read(String json) {
        try {
            return Json.MAPPER.readValue(json, ImportResult.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored import result is not JSON", e);
        }
    }

    private record Prepared(ImportConfig config, ObjectChecker checker, Hierarchy hierarchy, RowMapper mapper,
            List<SourceRow> rows) {}

    private Prepared prepare(Caller caller, ImportConfig config, String content) {
        if (config == null) {
            throw ApiException.badRequest("config", "Required");
        }
        Checks checks = new Checks().required("config.format", config.format()).required("config.type", config.type())
                .required("config.codeColumn", config.codeColumn()).required("config.labelColumn", config.labelColumn());
        checks.done();
        GeoObjectType type = registry.storage().types().get(config.type()).filter(t -> caller.canRead(t.organization()))
                .orElseThrow(() -> ApiException.badRequest("config.type", "Unknown Geo-Object Type '" + config.type() + "'"));
        caller.requireEditObjects(type.organization(), "Geo-Objects of type '" + type.code() + "'");
        ObjectChecker checker = registry.checker(type);
        config.attributes().keySet().stream().filter(a -> type.attribute(a).isEmpty())
                .forEach(a -> checks.error("config.attributes." + a, "Unknown attribute of type '" + type.code() + "'"));
        RowMapper mapper = new RowMapper(config, type);
        String kind = mapper.geometryKind();
        if (!Set.of("none", "geojson", "wkt", "latlon").contains(kind)) {
            checks.error("config.geometry.kind", "Expected geojson, wkt or latlon");
        } else if (!kind.equals("none") && type.geometryType() == GeometryType.NONE) {
            checks.error("config.geometry", "Type '" + type.code() + "' has no geometry");
        } else if (kind.equals("wkt") && config.geometry().column() == null) {
            checks.error("config.geometry.column", "Required for WKT");
        } else if (kind.equals("latlon") && (config.geometry().latColumn() == null || config.geometry().lonColumn() == null)) {
            checks.error("config.geometry", "latColumn and lonColumn are required");
        }
        Hierarchy hierarchy = null;
        if (config.parent() != null) {
            hierarchy = checker.hierarchies().get(config.hierarchy());
            String strategy = config.parent().strategy() == null ? "" : config.parent().strategy().toLowerCase(Locale.ROOT);
            if (hierarchy == null) {
                checks.error("config.hierarchy", "Type '" + type.code() + "' is not part of hierarchy '" + config.hierarchy() + "'");
            } else if (hierarchy.parentOf(type.code()).isEmpty()) {
                checks.error("config.hierarchy", "Type '" + type.code() + "' is a root of hierarchy '" + hierarchy.code() + "'");
            }
            if (!STRATEGIES.contains(strategy)) {
                checks.error("config.parent.strategy", "Expected code, externalId or dhis2Path");
            } else if (!strategy.equals("code") && config.parent().externalSystem() == null) {
                checks.error("config.parent.externalSystem", "Required for strategy " + config.parent().strategy());
            }
            checks.required("config.parent.column", config.parent().column());
        }
        if (config.externalIdColumn() != null) {
            checks.code("config.externalSystem", config.externalSystem());
        }
        checks.done();
        return new Prepared(config, checker, hierarchy, mapper, SourceFile.parse(config.format(), content));
    }

    private void run(Job job, Prepared prepared) {
        String status = "COMPLETED";
        String message = null;
        try {
            write(job, prepared);
        } catch (RuntimeException e) {
            status = "FAILED";
            message = "The import stopped after " + (job.created + job.updated + job.skipped + job.failed) + " rows: "
                    + e.getMessage();
            LOG.error("Import {} failed", job.id, e);
        }
        ImportResult result = job.result(status, Instant.now(), message);
        try {
            db.tx(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE import_job SET status = ?, finished = ?, result = ? WHERE id = ?")) {
                    ps.setString(1, result.status());
                    ps.setTimestamp(2, java.sql.Timestamp.from(result.finished()));
                    ps.setString(3, Json.MAPPER.writeValueAsString(result));
                    ps.setString(4, job.id);
                    ps.executeUpdate();
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
        } finally {
            running.remove(job.id);
        }
        LOG.info("Import {} of type {}: {} created, {} updated, {} skipped, {} failed", job.id, job.type,
                result.created(), result.updated(), result.skipped(), result.failed());
    }

    private void write(Job job, Prepared prepared) {
        Map<String, Long> parentCache = new HashMap<>();
        List<SourceRow> rows = prepared.rows;
        for (int from = 0; from < rows.size(); from += BATCH_SIZE) {
            List<SourceRow> batch = rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE));
            try {
                Counts counts = db.tx(c -> writeRows(c, batch, prepared, parentCache));
                job.add(counts);
            } catch (StoreException | org.georegistry.core.internal.store.DuplicateException e) {
                LOG.info("Import {}: rows {} to {} written one by one after the batch failed: {}", job.id, from + 1,
                        from + batch.size(), e.getMessage());
                parentCache.clear(); // ids learnt in the rolled back batch may be gone
                for (SourceRow row : batch) {
                    try {
                        job.add(db.tx(c -> writeRows(c, List.of(row), prepared, parentCache)));
                    } catch (RuntimeException rowFailure) {
                        parentCache.clear();
                        Counts one = new Counts();
                        one.fail(row, null, rowFailure.getMessage());
                        job.add(one);
                    }
                }
            }
        }
    }

    /** Per-batch counts, added to the job only once the batch is committed. */
    static final class Counts {
        int created;
        int updated;
        int skipped;
        int failed;
        final List<ImportResult.RowError> errors = new ArrayList<>();

        void fail(SourceRow row, String column, String message) {
            failed++;
            errors.add(new ImportResult.RowError(row.number(), column, message));
        }
    }

    private Counts writeRows(Connection c, List<SourceRow> rows, Prepared p, Map<String, Long> parentCache)
            throws SQLException {
        Counts counts = new Counts();
        Instant now = Instant.now();
        String typeCode = p.checker.type().code();
        try (BatchWriter writer = new BatchWriter(c)) {
            for (SourceRow row : rows) {
                if (row.blank()) {
                    counts.skipped++;
                    continue;
                }
                Checks checks = new Checks();
                String columnGeometry = p.mapper.columnGeometry(row, checks);
                GeoObjectInput input = p.mapper.input(row);
                GeoObject object = p.checker.check(input, columnGeometry, checks);
                Long parentId = p.hierarchy == null ? null : parent(writer, row, p, parentCache, checks);
                String externalId = p.config.externalIdColumn() == null ? null : row.text(p.config.externalIdColumn());
                Optional<Long> existing = checks.ok() ? writer.idOf(typeCode, object.code()) : Optional.empty();
                if (externalId != null && externalId.length() > 255) {
                    checks.error("externalId", "At most 255 characters");
                }
                if (externalId != null && checks.ok()) {
                    Optional<Long> holder = writer.byExternalId(p.config.externalSystem(), externalId);
                    if (holder.isPresent() && !holder.equals(existing)) {
                        checks.error("externalId", "External id '" + externalId + "' belongs to another Geo-Object");
                    }
                }
                if (!checks.ok()) {
                    checks.errors().forEach(fe -> counts.fail(row, columnOf(p, fe.field()), fe.message()));
                    counts.failed -= checks.errors().size() - 1; // one failed row, however many errors
                    continue;
                }
                long id;
                if (existing.isPresent()) {
                    id = existing.get();
                    writer.update(id, object, now);
                    counts.updated++;
                } else {
                    id = writer.insert(object, now);
                    counts.created++;
                }
                if (parentId != null) {
                    writer.parent(id, p.hierarchy.code(), parentId);
                }
                if (externalId != null) {
                    writer.externalId(id, p.config.externalSystem(), externalId);
                }
            }
            writer.flush();
        }
        return counts;
    }

    private static String columnOf(Prepared p, String field) {
        if (field.equals("parent")) {
            return p.config.parent().column();
        }
        if (field.equals("externalId")) {
            return p.config.externalIdColumn();
        }
        return p.mapper.column(field);
    }

    /** The parent a row names, by the configured strategy; errors go to checks under "parent". */
    private Long parent(BatchWriter writer, SourceRow row, Prepared p, Map<String, Long> cache, Checks checks)
            throws SQLException {
        String value = row.text(p.config.parent().column());
        if (value == null) {
            return null;
        }
        String parentType = p.hierarchy.parentOf(p.checker.type().code()).orElseThrow();
        String strategy = p.config.parent().strategy().toLowerCase(Locale.ROOT);
        String key = value;
        if (strategy.equals("dhis2path")) {
            String[] segments = value.split("/");
            List<String> parts = new ArrayList<>();
            for (String s : segments) {
                if (!s.isBlank()) {
                    parts.add(s);
                }
            }
            if (parts.size() < 2) {
                checks.error("parent", "The DHIS2 path '" + value + "' names no parent (expected /.../parent/self)");
                return null;
            }
            key = parts.get(parts.size() - 2);
        }
        Long cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Optional<Long> id;
        if (strategy.equals("code")) {
            id = writer.idOf(parentType, key);
        } else {
            id = writer.byExternalId(p.config.parent().externalSystem(), key);
            if (id.isPresent()) {
                String actualType = GeoObjectStore.key(writer.connection(), id.get()).map(k -> k.typeCode()).orElse(null);
                if (!parentType.equals(actualType)) {
                    checks.error("parent", "The parent with external id '" + key + "' is a '" + actualType
                            + "', not a '" + parentType + "'");
                    return null;
                }
            }
        }
        if (id.isEmpty()) {
            checks.error("parent", "No parent " + (strategy.equals("code") ? "'" + parentType + "/" + key + "'"
                    : "with external id '" + key + "' of system '" + p.config.parent().externalSystem() + "'"));
            return null;
        }
        cache.put(key, id.get());
        return id.get();
    }

    /** A running job's counters; updated by the worker, read by status requests. */
    private static final class Job {
        final String id;
        final String type;
        final Instant submitted;
        final int rows;
        volatile int created;
        volatile int updated;
        volatile int skipped;
        volatile int failed;
        final List<ImportResult.RowError> errors = java.util.Collections.synchronizedList(new ArrayList<>());

        Job(String id, String type, Instant submitted, int rows) {
            this.id = id;
            this.type = type;
            this.submitted = submitted;
            this.rows = rows;
        }

        synchronized void add(Counts c) {
            created += c.created;
            updated += c.updated;
            skipped += c.skipped;
            failed += c.failed;
            for (ImportResult.RowError e : c.errors) {
                if (errors.size() < MAX_REPORTED_ERRORS) {
                    errors.add(e);
                }
            }
        }

        synchronized ImportResult result(String status, Instant finished, String message) {
            return new ImportResult(id, type, status, submitted, finished, rows, created, updated, skipped, failed,
                    List.copyOf(errors), message);
        }
    }
}
