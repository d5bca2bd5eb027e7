package org.georegistry.core.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.georegistry.core.internal.model.Direction;
import org.georegistry.core.internal.model.SyncConfig;

/** Synchronization configurations; deleting one deletes its jobs and their errors (foreign-key cascade). */
public final class SyncConfigStore {

    private static final String COLUMNS =
            "id, label, organization, external_system, direction, hierarchy, settings, cron, last_success, created, updated";

    private final Database db;

    public SyncConfigStore(Database db) {
        this.db = db;
    }

    public Optional<SyncConfig> get(long id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_config WHERE id = ?")) {
                ps.setLong(1, id);
                return load(ps).stream().findFirst();
            }
        });
    }

    /**
     * A page of configurations ordered by id.
     *
     * @param organization null for every organization's
     * @param externalSystem null for every system's
     */
    public Paged<SyncConfig> list(String organization, String externalSystem, int page, int pageSize) {
        List<String> clauses = new ArrayList<>();
        List<String> args = new ArrayList<>();
        if (organization != null) {
            clauses.add("organization = ?");
            args.add(organization);
        }
        if (externalSystem != null) {
            clauses.add("external_system = ?");
            args.add(externalSystem);
        }
        String where = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
        return db.read(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM sync_config" + where)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setString(i + 1, args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sync_config" + where + " ORDER BY id LIMIT ? OFFSET ?")) {
                int i = 1;
                for (String arg : args) {
                    ps.setString(i++, arg);
                }
                ps.setInt(i++, pageSize);
                ps.setLong(i, Paged.offset(page, pageSize));
                return new Paged<>(load(ps), page, pageSize, total);
            }
        });
    }

    /** The configurations that run on a schedule, for the scheduler. */
    public List<SyncConfig> scheduled() {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM sync_config WHERE cron IS NOT NULL ORDER BY id")) {
                return load(ps);
            }
        });
    }

    /** Stores a new configuration (its id, timestamps and last success are ignored) and answers its id. */
    public long insert(SyncConfig s) {
        Instant now = ExternalSystemStore.now();
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_config (label, organization,"
                    + " external_system, direction, hierarchy, settings, cron, created, updated)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                int i = bind(ps, s);
                ps.setTimestamp(i++, Rows.timestamp(now));
                ps.setTimestamp(i, Rows.timestamp(now));
                return Rows.insertReturningId(ps);
            }
        });
    }

    /** Replaces everything but id, created and last success; false when it does not exist. */
    public boolean update(SyncConfig s) {
        Instant now = ExternalSystemStore.now();
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_config SET label = ?, organization = ?,"
                    + " external_system = ?, direction = ?, hierarchy = ?, settings = ?, cron = ?, updated = ?"
                    + " WHERE id = ?")) {
                int i = bind(ps, s);
                ps.setTimestamp(i++, Rows.timestamp(now));
                ps.setLong(i, s.id());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Deletes a configuration with its jobs; false when it does not exist. */
    public boolean delete(long id) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_config WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Records the start of a successful, non-dry run: the next incremental run takes what changed since. */
    public void markSuccess(long id, Instant start) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_config SET last_success = ? WHERE id = ?")) {
                ps.setTimestamp(1, Rows.timestamp(start));
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Binds the editable columns from the first parameter on; answers the next parameter index. */
    private static int bind(PreparedStatement ps, SyncConfig s) throws SQLException {
        ps.setString(1, Rows.label(s.label()));
        ps.setString(2, s.organization());
        ps.setString(3, s.externalSystem());
        ps.setString(4, s.direction().name());
        Rows.setNullable(ps, 5, s.hierarchy());
        ps.setString(6, Rows.json(s.settings()));
        Rows.setNullable(ps, 7, s.cron());
        return 8;
    }

    private static List<SyncConfig> load(PreparedStatement ps) throws SQLException {
        List<SyncConfig> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SyncConfig(rs.getLong(1), Rows.label(rs.getString(2)), rs.getString(3), rs.getString(4),
                        Direction.valueOf(rs.getString(5)), rs.getString(6), Rows.map(rs.getString(7)),
                        rs.getString(8), Rows.instant(rs.getTimestamp(9)), Rows.instant(rs.getTimestamp(10)),
                        Rows.instant(rs.getTimestamp(11))));
            }
        }
        return out;
    }
}
