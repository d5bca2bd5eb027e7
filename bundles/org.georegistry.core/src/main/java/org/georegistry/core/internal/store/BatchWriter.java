package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.georegistry.api.model.GeoObject;

/**
 * Writes many Geo-Objects in one transaction with statements prepared once: objects one by one (their ids are
 * needed), parent links and external ids queued and sent as JDBC batches by {@link #flush()}. Queued links are
 * keyed so a later row for the same object replaces an earlier one.
 */
public final class BatchWriter implements AutoCloseable {

    private record LinkKey(long objectId, String key) {}

    private final PreparedStatement findId;
    private final PreparedStatement findByExternalId;
    private final PreparedStatement insert;
    private final PreparedStatement update;
    private final Connection c;
    private final Map<LinkKey, Long> parents = new LinkedHashMap<>();
    private final Map<LinkKey, String> externalIds = new LinkedHashMap<>();
    private final Map<String, Long> queuedExternalIds = new LinkedHashMap<>();

    public BatchWriter(Connection c) throws SQLException {
        this.c = c;
        findId = c.prepareStatement("SELECT id FROM geo_object WHERE type_code = ? AND code = ?");
        findByExternalId = c.prepareStatement("SELECT object_id FROM external_id WHERE system_id = ? AND external_id = ?");
        insert = c.prepareStatement("INSERT INTO geo_object"
                + " (type_code, code, label, geometry, attributes, valid_from, valid_to, last_updated)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
        update = c.prepareStatement("UPDATE geo_object SET type_code = ?, code = ?, label = ?, geometry = ?,"
                + " attributes = ?, valid_from = ?, valid_to = ?, last_updated = ? WHERE id = ?");
    }

    /** The connection of this batch, for lookups the writer does not prepare. */
    public Connection connection() {
        return c;
    }

    public Optional<Long> idOf(String typeCode, String code) throws SQLException {
        findId.setString(1, typeCode);
        findId.setString(2, code);
        try (ResultSet rs = findId.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** The object holding an external id, including ids queued in this batch. */
    public Optional<Long> byExternalId(String systemId, String externalId) throws SQLException {
        Long queued = queuedExternalIds.get(systemId + '\u0000' + externalId);
        if (queued != null) {
            return Optional.of(queued);
        }
        findByExternalId.setString(1, systemId);
        findByExternalId.setString(2, externalId);
        try (ResultSet rs = findByExternalId.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    public long insert(GeoObject o, Instant now) throws SQLException {
        GeoObjectStore.bindObject(insert, o, now);
        return Rows.insertReturningId(insert);
    }

    public void update(long id, GeoObject o, Instant now) throws SQLException {
        GeoObjectStore.bindObject(update, o, now);
        update.setLong(9, id);
        update.executeUpdate();
    }

    public void parent(long objectId, String hierarchy, long parentId) {
        parents.put(new LinkKey(objectId, hierarchy), parentId);
    }

    /** Queues an external id; the caller checked with {@link #byExternalId} that no other object holds it. */
    public void externalId(long objectId, String systemId, String externalId) {
        String previous = externalIds.put(new LinkKey(objectId, systemId), externalId);
        if (previous != null) {
            queuedExternalIds.remove(systemId + '\u0000' + previous);
        }
        queuedExternalIds.put(systemId + '\u0000' + externalId, objectId);
    }

    /** Sends the queued links: old links of the same (object, hierarchy|system) are replaced. */
    public void flush() throws SQLException {
        replace("geo_object_parent", "hierarchy", "parent_id", parents, (ps, v) -> ps.setLong(3, v));
        replace("external_id", "system_id", "external_id", externalIds, (ps, v) -> ps.setString(3, v));
        parents.clear();
        externalIds.clear();
        queuedExternalIds.clear();
    }

    private interface Binder<V> {
        void bind(PreparedStatement ps, V value) throws SQLException;
    }

    private <V> void replace(String table, String keyColumn, String valueColumn, Map<LinkKey, V> links, Binder<V> binder)
            throws SQLException {
        if (links.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM " + table + " WHERE object_id = ? AND " + keyColumn + " = ?");
                PreparedStatement add = c.prepareStatement(
                        "INSERT INTO " + table + " (object_id, " + keyColumn + ", " + valueColumn + ") VALUES (?, ?, ?)")) {
            for (Map.Entry<LinkKey, V> e : links.entrySet()) {
                delete.setLong(1, e.getKey().objectId());
                delete.setString(2, e.getKey().key());
                delete.addBatch();
                add.setLong(1, e.getKey().objectId());
                add.setString(2, e.getKey().key());
                binder.bind(add, e.getValue());
                add.addBatch();
            }
            delete.executeBatch();
            add.executeBatch();
        }
    }

    @Override
    public void close() throws SQLException {
        try (findId; findByExternalId; insert; update) {
            // closes all four
        }
    }
}
