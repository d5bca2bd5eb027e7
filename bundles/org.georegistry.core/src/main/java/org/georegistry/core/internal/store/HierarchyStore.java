package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.georegistry.core.internal.model.Hierarchy;

/** Hierarchies and their type trees; an update replaces label and tree. Cycles are rejected by the caller. */
public final class HierarchyStore {

    private final Database db;

    public HierarchyStore(Database db) {
        this.db = db;
    }

    public void create(Hierarchy h) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO hierarchy (code, organization, label) VALUES (?, ?, ?)")) {
                ps.setString(1, h.code());
                ps.setString(2, h.organization());
                ps.setString(3, Rows.label(h.label()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (StoreException.isDuplicate(e)) {
                    throw new DuplicateException("Hierarchy '" + h.code() + "' exists already");
                }
                throw e;
            }
            insertNodes(c, h);
            return null;
        });
    }

    public boolean update(Hierarchy h) {
        return db.tx(c -> {
            if (!Rows.relabelAndClear(c, "hierarchy", "hierarchy_node", "hierarchy", h.code(), h.label())) {
                return false;
            }
            insertNodes(c, h);
            return true;
        });
    }

    private static void insertNodes(Connection c, Hierarchy h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO hierarchy_node (hierarchy, type_code, parent_type) VALUES (?, ?, ?)")) {
            for (Hierarchy.Node n : h.nodes()) {
                ps.setString(1, h.code());
                ps.setString(2, n.type());
                Rows.setNullable(ps, 3, n.parent());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<Hierarchy> get(String code) {
        return db.read(c -> get(c, code));
    }

    static Optional<Hierarchy> get(Connection c, String code) throws SQLException {
        return list(c, code, null).stream().findFirst();
    }

    public List<Hierarchy> list(String organization) {
        return db.read(c -> list(c, null, organization));
    }

    private static List<Hierarchy> list(Connection c, String code, String organization) throws SQLException {
        List<Hierarchy> out = new ArrayList<>();
        try (PreparedStatement ps = Rows.byCodeOrOrganization(c, "SELECT code, organization, label FROM hierarchy", code, organization)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Hierarchy(rs.getString(1), rs.getString(2), Rows.label(rs.getString(3)),
                            nodes(c, rs.getString(1))));
                }
            }
        }
        return out;
    }

    private static List<Hierarchy.Node> nodes(Connection c, String hierarchy) throws SQLException {
        List<Hierarchy.Node> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT type_code, parent_type FROM hierarchy_node WHERE hierarchy = ? ORDER BY type_code")) {
            ps.setString(1, hierarchy);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Hierarchy.Node(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Deletes a hierarchy and the parent links made in it. */
    public boolean delete(String code) {
        return db.tx(c -> {
            return Rows.deleteByCode(c, "hierarchy", code);
        });
    }
}
