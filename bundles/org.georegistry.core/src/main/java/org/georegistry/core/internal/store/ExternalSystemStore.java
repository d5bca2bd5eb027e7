package org.georegistry.core.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.rest.Json;
import org.georegistry.core.internal.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * External systems. Secrets are sealed with the server's {@link SecretBox} before they reach the table and opened
 * when read; a secret that cannot be opened (the key file was replaced) reads as not set, so the user can enter
 * it again instead of the system becoming unreadable.
 */
public final class ExternalSystemStore {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalSystemStore.class);
    private static final TypeReference<Map<String, String>> SEALED = new TypeReference<>() {};
    private static final String COLUMNS = "id, type, organization, label, description, settings, secrets, created, updated";

    private final Database db;
    private final SecretBox box;

    public ExternalSystemStore(Database db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    public Optional<ExternalSystem> get(String id) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM external_system WHERE id = ?")) {
                ps.setString(1, id);
                List<ExternalSystem> found = load(ps);
                return found.stream().findFirst();
            }
        });
    }

    /** A page of systems ordered by id; {@code organization} null lists every organization's. */
    public Paged<ExternalSystem> list(String organization, int page, int pageSize) {
        return db.read(c -> {
            String where = organization == null ? "" : " WHERE organization = ?";
            long total = count(c, "SELECT COUNT(*) FROM external_system" + where, organization);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM external_system" + where + " ORDER BY id LIMIT ? OFFSET ?")) {
                int i = 1;
                if (organization != null) {
                    ps.setString(i++, organization);
                }
                ps.setInt(i++, pageSize);
                ps.setLong(i, Paged.offset(page, pageSize));
                return new Paged<>(load(ps), page, pageSize, total);
            }
        });
    }

    /** Stores a new system with fresh timestamps and answers it as stored. */
    public ExternalSystem insert(ExternalSystem s) {
        Instant now = now();
        ExternalSystem stored = new ExternalSystem(s.id(), s.type(), s.organization(), s.label(), s.description(),
                s.settings(), s.secrets(), now, now);
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO external_system (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, stored.id());
                ps.setString(2, stored.type());
                ps.setString(3, stored.organization());
                ps.setString(4, Rows.label(stored.label()));
                Rows.setNullable(ps, 5, stored.description());
                ps.setString(6, Rows.json(stored.settings()));
                ps.setString(7, seal(stored.secrets()));
                ps.setTimestamp(8, Rows.timestamp(now));
                ps.setTimestamp(9, Rows.timestamp(now));
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (StoreException.isDuplicate(e)) {
                    throw new DuplicateException("External system '" + s.id() + "' exists already");
                }
                throw e;
            }
        });
        return stored;
    }

    /**
     * Replaces organization, label, description, settings and secrets (the type never changes); empty when the
     * system does not exist. Refuses to move a system that has configurations to another organization: they
     * belong to its organization and may name its hierarchies.
     */
    public Optional<ExternalSystem> update(ExternalSystem s) {
        Instant now = now();
        return db.tx(c -> {
            Rows.refuseIfAny(c, "SELECT 1 FROM sync_config WHERE external_system = ? AND organization <> ?",
                    "External system '" + s.id() + "' has synchronization configurations in its organization;"
                            + " delete them before moving it to another organization",
                    s.id(), s.organization());
            try (PreparedStatement ps = c.prepareStatement("UPDATE external_system SET organization = ?, label = ?,"
                    + " description = ?, settings = ?, secrets = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, s.organization());
                ps.setString(2, Rows.label(s.label()));
                Rows.setNullable(ps, 3, s.description());
                ps.setString(4, Rows.json(s.settings()));
                ps.setString(5, seal(s.secrets()));
                ps.setTimestamp(6, Rows.timestamp(now));
                ps.setString(7, s.id());
                if (ps.executeUpdate() != 1) {
                    return Optional.<ExternalSystem>empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM external_system WHERE id = ?")) {
                ps.setString(1, s.id());
                return load(ps).stream().findFirst();
            }
        });
    }

    /** How many Geo-Objects carry an external id of this system. */
    public long externalIdCount(String systemId) {
        return db.read(c -> count(c, "SELECT COUNT(*) FROM external_id WHERE system_id = ?", systemId));
    }

    /** How many synchronization configurations use this system. */
    public long configCount(String systemId) {
        return db.read(c -> count(c, "SELECT COUNT(*) FROM sync_config WHERE external_system = ?", systemId));
    }

    /**
     * Deletes a system in one transaction. Without {@code cascade} a system still referred to by external ids or
     * configurations is refused ({@link InUseException}); with it, its external ids and configurations (and with
     * them their jobs) go too. False when the system does not exist.
     */
    public boolean delete(String id, boolean cascade) {
        return db.tx(c -> {
            if (!cascade) {
                long ids = count(c, "SELECT COUNT(*) FROM external_id WHERE system_id = ?", id);
                long configs = count(c, "SELECT COUNT(*) FROM sync_config WHERE external_system = ?", id);
                if (ids > 0 || configs > 0) {
                    throw new InUseException("External system '" + id + "' is used by " + ids + " external ids and "
                            + configs + " synchronization configurations; a System Administrator can delete it with"
                            + " them using ?cascade=true");
                }
            }
            for (String sql : List.of("DELETE FROM external_id WHERE system_id = ?",
                    "DELETE FROM sync_config WHERE external_system = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM external_system WHERE id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    static long count(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Timestamps at millisecond precision, which every supported database keeps exactly. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private List<ExternalSystem> load(PreparedStatement ps) throws SQLException {
        List<ExternalSystem> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                out.add(new ExternalSystem(id, rs.getString(2), rs.getString(3), Rows.label(rs.getString(4)),
                        rs.getString(5), Rows.map(rs.getString(6)), open(id, rs.getString(7)),
                        Rows.instant(rs.getTimestamp(8)), Rows.instant(rs.getTimestamp(9))));
            }
        }
        return out;
    }

    private String seal(Map<String, String> secrets) {
        Map<String, String> sealed = new LinkedHashMap<>();
        secrets.forEach((name, value) -> sealed.put(name, box.encrypt(value)));
        return Rows.json(sealed);
    }

    private Map<String, String> open(String systemId, String json) {
        Map<String, String> sealed;
        try {
            sealed = Json.MAPPER.readValue(json, SEALED);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored secrets of external system '" + systemId + "' are not JSON", e);
        }
        Map<String, String> open = new LinkedHashMap<>();
        sealed.forEach((name, value) -> {
            try {
                open.put(name, box.decrypt(value));
            } catch (IllegalArgumentException e) {
                LOG.warn("Secret '{}' of external system '{}' cannot be decrypted with this server's key;"
                        + " it reads as not set until entered again", name, systemId);
            }
        });
        return open;
    }
}
