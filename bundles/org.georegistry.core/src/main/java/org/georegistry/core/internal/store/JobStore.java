package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.core.internal.auth.Passwords;
import org.georegistry.core.internal.model.Job;
import org.georegistry.core.internal.model.JobError;
import org.georegistry.core.internal.model.JobStatus;

/**
 * Sync jobs and their per-object errors. Every change is its own short transaction, so what a job reported is
 * stored as it is reported and survives a crash.
 */
public final class JobStore {

    /** Errors of the same kind in one job: an example message, how many, and the objects they concern. */
    public record ErrorGroup(String severity, String code, String message, long count, List<String> objectCodes) {}

    static final int MAX_GROUP_CODES = 1000;
    private static final String COLUMNS = "id, config_id, status, stage, processed, total, errors, warnings, dry_run,"
            + " full_run, changed_since, message, created_by, created, started, finished";

    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    public Job create(long configId, String createdBy, boolean dryRun, boolean fullRun, Instant changedSince) {
        Instant now = Instant.now();
        long id = db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_job (config_id, status, processed, total,"
                    + " errors, warnings, dry_run, full_run, changed_since, created_by, created)"
                    + " VALUES (?, ?, 0, -1, 0, 0, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, configId);
                ps.setString(2, JobStatus.QUEUED.name());
                ps.setBoolean(3, dryRun);
                ps.setBoolean(4, fullRun);
                if (changedSince == null) {
                    ps.setNull(5, Types.TIMESTAMP);
                } else {
                    ps.setTimestamp(5, Rows.timestamp(changedSince));
                }
                ps.setString(6, createdBy);
                ps.setTimestamp(7, Rows.timestamp(now));
                return Rows.insertReturningId(ps);
            }
        });
        return get(id).orElseThrow();
    }

    public void started(long id) {
        update("UPDATE sync_job SET status = ?, started = ? WHERE id = ?", ps -> {
            ps.setString(1, JobStatus.RUNNING.name());
            ps.setTimestamp(2, Rows.timestamp(Instant.now()));
            ps.setLong(3, id);
        });
    }

    public void progress(long id, String stage, long processed, long total) {
        update("UPDATE sync_job SET stage = ?, processed = ?, total = ? WHERE id = ?", ps -> {
            ps.setString(1, stage);
            ps.setLong(2, processed);
            ps.setLong(3, total);
            ps.setLong(4, id);
        });
    }

    public void finish(long id, JobStatus status, String stage, String message) {
        update("UPDATE sync_job SET status = ?, stage = COALESCE(?, stage), message = ?, finished = ? WHERE id = ?", ps -> {
            ps.setString(1, status.name());
            ps.setString(2, stage);
            ps.setString(3, message);
            ps.setTimestamp(4, Rows.timestamp(Instant.now()));
            ps.setLong(5, id);
        });
    }

    /** Records one problem and counts it on the job, in one transaction. */
    public void addError(long jobId, ObjectError e) {
        boolean warning = e.severity() == ObjectError.Severity.WARNING;
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_job_error (job_id, object_code, severity,"
                    + " code, message, message_hash, submitted, response, created, type_code)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String message = e.message() == null ? "(no message)" : e.message();
                ps.setLong(1, jobId);
                ps.setString(2, truncate(e.objectCode(), 255));
                ps.setString(3, warning ? "WARNING" : "ERROR");
                ps.setString(4, truncate(e.code(), 64));
                ps.setString(5, message);
                // the hash groups errors of the same kind: what is particular to one object is left out of it
                ps.setString(6, Passwords.sha256(ErrorMessages.normalize(message, e.objectCode())));
                ps.setString(7, e.submitted());
                ps.setString(8, e.response());
                ps.setTimestamp(9, Rows.timestamp(Instant.now()));
                ps.setString(10, truncate(e.typeCode(), 64));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(warning
                    ? "UPDATE sync_job SET warnings = warnings + 1 WHERE id = ?"
                    : "UPDATE sync_job SET errors = errors + 1 WHERE id = ?")) {
                ps.setLong(1, jobId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Job> get(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_job WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(job(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The jobs of a configuration, newest first. */
    public Paged<Job> history(long configId, int page, int pageSize) {
        return db.read(c -> {
            long total = count(c, "SELECT COUNT(*) FROM sync_job WHERE config_id = ?", configId);
            List<Job> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM sync_job WHERE config_id = ? ORDER BY id DESC LIMIT ? OFFSET ?")) {
                ps.setLong(1, configId);
                ps.setInt(2, pageSize);
                ps.setLong(3, Paged.offset(page, pageSize));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(job(rs));
                    }
                }
            }
            return new Paged<>(items, page, pageSize, total);
        });
    }

    public Paged<JobError> errors(long jobId, int page, int pageSize) {
        return db.read(c -> {
            long total = count(c, "SELECT COUNT(*) FROM sync_job_error WHERE job_id = ?", jobId);
            List<JobError> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, job_id, object_code, severity, code, message,"
                    + " submitted, response, created, type_code FROM sync_job_error WHERE job_id = ? ORDER BY id LIMIT ? OFFSET ?")) {
                ps.setLong(1, jobId);
                ps.setInt(2, pageSize);
                ps.setLong(3, Paged.offset(page, pageSize));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(new JobError(rs.getLong(1), rs.getLong(2), rs.getString(10), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                Rows.instant(rs.getTimestamp(9))));
                    }
                }
            }
            return new Paged<>(items, page, pageSize, total);
        });
    }

    /**
     * Errors of the same kind grouped (same severity, code and message once object codes, ids and numbers are left
     * out, see {@link ErrorMessages}), most frequent first, each with its first message as the example and (up to
     * 1,000 of) the affected object codes.
     */
    public List<ErrorGroup> groupedErrors(long jobId) {
        return db.read(c -> {
            Map<String, ErrorGroup> groups = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT message_hash, severity, code, MIN(id), COUNT(*)"
                    + " FROM sync_job_error WHERE job_id = ? GROUP BY message_hash, severity, code"
                    + " ORDER BY COUNT(*) DESC, MIN(id)")) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        groups.put(rs.getString(1) + rs.getString(2) + rs.getString(3), new ErrorGroup(rs.getString(2),
                                rs.getString(3), messageOf(c, rs.getLong(4)), rs.getLong(5), new ArrayList<>()));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT message_hash, severity, code, object_code"
                    + " FROM sync_job_error WHERE job_id = ? AND object_code IS NOT NULL ORDER BY id")) {
                ps.setLong(1, jobId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ErrorGroup g = groups.get(rs.getString(1) + rs.getString(2) + rs.getString(3));
                        if (g != null && g.objectCodes().size() < MAX_GROUP_CODES) {
                            g.objectCodes().add(rs.getString(4));
                        }
                    }
                }
            }
            return List.copyOf(groups.values());
        });
    }

    /** Whether a job of the configuration is queued or running. */
    public boolean active(long configId) {
        return db.read(c -> count(c, "SELECT COUNT(*) FROM sync_job WHERE config_id = ? AND status IN ('QUEUED', 'RUNNING')",
                configId) > 0);
    }

    /**
     * Marks jobs left queued or running by a stopped or killed server as failed; run at start, before any job.
     *
     * @return how many were marked
     */
    public int markInterrupted() {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_job SET status = ?, stage = 'INTERRUPTED',"
                    + " message = ?, finished = ? WHERE status IN ('QUEUED', 'RUNNING')")) {
                ps.setString(1, JobStatus.FAILURE.name());
                ps.setString(2, "Interrupted: the server stopped while this job was queued or running. What the"
                        + " external system had confirmed was kept; run the configuration again to finish.");
                ps.setTimestamp(3, Rows.timestamp(Instant.now()));
                return ps.executeUpdate();
            }
        });
    }

    private String messageOf(Connection c, long errorId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT message FROM sync_job_error WHERE id = ?")) {
            ps.setLong(1, errorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                return ps.executeUpdate();
            }
        });
    }

    private static long count(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getLong(1), rs.getLong(2), JobStatus.valueOf(rs.getString(3)), rs.getString(4),
                rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getBoolean(9), rs.getBoolean(10),
                Rows.instant(rs.getTimestamp(11)), rs.getString(12), rs.getString(13), Rows.instant(rs.getTimestamp(14)),
                Rows.instant(rs.getTimestamp(15)), Rows.instant(rs.getTimestamp(16)));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
