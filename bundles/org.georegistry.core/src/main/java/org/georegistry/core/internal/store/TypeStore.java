package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.georegistry.core.internal.model.Attribute;
import org.georegistry.core.internal.model.AttributeType;
import org.georegistry.core.internal.model.GeoObjectType;
import org.georegistry.core.internal.model.GeometryType;

/** Geo-Object Types with their attributes; an update replaces label and attribute list. */
public final class TypeStore {

    private final Database db;
    /** Types are read on every Geo-Object request and change rarely; every write here clears this. */
    private final Map<String, Optional<GeoObjectType>> cache = new ConcurrentHashMap<>();

    public TypeStore(Database db) {
        this.db = db;
    }

    public void create(GeoObjectType type) {
        cache.clear();
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO geo_object_type (code, organization, label, geometry_type) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, type.code());
                ps.setString(2, type.organization());
                ps.setString(3, Rows.label(type.label()));
                ps.setString(4, type.geometryType().name());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (StoreException.isDuplicate(e)) {
                    throw new DuplicateException("Geo-Object Type '" + type.code() + "' exists already");
                }
                throw e;
            }
            insertAttributes(c, type);
            return null;
        });
    }

    /** Replaces label and attributes (geometry type and organization stay); false when absent. */
    public boolean update(GeoObjectType type) {
        cache.clear();
        return db.tx(c -> {
            if (!Rows.relabelAndClear(c, "geo_object_type", "type_attribute", "type_code", type.code(), type.label())) {
                return false;
            }
            insertAttributes(c, type);
            return true;
        });
    }

    private static void insertAttributes(Connection c, GeoObjectType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO type_attribute"
                + " (type_code, code, label, value_type, classification, required, position) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (Attribute a : type.attributes()) {
                ps.setString(1, type.code());
                ps.setString(2, a.code());
                ps.setString(3, Rows.label(a.label()));
                ps.setString(4, a.type().name());
                Rows.setNullable(ps, 5, a.classification());
                ps.setBoolean(6, a.required());
                ps.setInt(7, position++);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<GeoObjectType> get(String code) {
        Optional<GeoObjectType> cached = cache.get(code);
        if (cached != null) {
            return cached;
        }
        Optional<GeoObjectType> type = db.read(c -> get(c, code));
        cache.put(code, type);
        return type;
    }

    static Optional<GeoObjectType> get(Connection c, String code) throws SQLException {
        return list(c, code, null).stream().findFirst();
    }

    public List<GeoObjectType> list(String organization) {
        return db.read(c -> list(c, null, organization));
    }

    private static List<GeoObjectType> list(Connection c, String code, String organization) throws SQLException {
        List<GeoObjectType> out = new ArrayList<>();
        try (PreparedStatement ps = Rows.byCodeOrOrganization(c, "SELECT code, organization, label, geometry_type FROM geo_object_type", code, organization)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new GeoObjectType(rs.getString(1), rs.getString(2), Rows.label(rs.getString(3)),
                            GeometryType.valueOf(rs.getString(4)), attributes(c, rs.getString(1))));
                }
            }
        }
        return out;
    }

    private static List<Attribute> attributes(Connection c, String type) throws SQLException {
        List<Attribute> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT code, label, value_type, classification, required"
                + " FROM type_attribute WHERE type_code = ? ORDER BY position")) {
            ps.setString(1, type);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Attribute(rs.getString(1), Rows.label(rs.getString(2)),
                            AttributeType.valueOf(rs.getString(3)), rs.getString(4), rs.getBoolean(5)));
                }
            }
        }
        return out;
    }

    /** Deletes a type; refused while Geo-Objects or hierarchies use it. */
    public boolean delete(String code) {
        cache.clear();
        return db.tx(c -> {
            Rows.refuseIfAny(c, "SELECT 1 FROM geo_object WHERE type_code = ?",
                    "Geo-Object Type '" + code + "' still has Geo-Objects", code);
            Rows.refuseIfAny(c, "SELECT 1 FROM hierarchy_node WHERE type_code = ? OR parent_type = ?",
                    "Geo-Object Type '" + code + "' is part of a hierarchy", code, code);
            return Rows.deleteByCode(c, "geo_object_type", code);
        });
    }
}
