package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.georegistry.core.internal.model.Organization;

/** Organizations. */
public final class OrganizationStore {

    private final Database db;

    public OrganizationStore(Database db) {
        this.db = db;
    }

    public void create(Organization org) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO organization (code, label) VALUES (?, ?)")) {
                ps.setString(1, org.code());
                ps.setString(2, Rows.label(org.label()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (StoreException.isDuplicate(e)) {
                    throw new DuplicateException("Organization '" + org.code() + "' exists already");
                }
                throw e;
            }
            return null;
        });
    }

    /** Updates the label; false when there is no such organization. */
    public boolean update(Organization org) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE organization SET label = ? WHERE code = ?")) {
                ps.setString(1, Rows.label(org.label()));
                ps.setString(2, org.code());
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<Organization> get(String code) {
        return db.read(c -> get(c, code));
    }

    static Optional<Organization> get(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT code, label FROM organization WHERE code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Organization(rs.getString(1), Rows.label(rs.getString(2))))
                        : Optional.empty();
            }
        }
    }

    public List<Organization> list() {
        return db.read(c -> {
            List<Organization> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT code, label FROM organization ORDER BY code");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Organization(rs.getString(1), Rows.label(rs.getString(2))));
                }
            }
            return out;
        });
    }

    /** Deletes an organization; refused (DuplicateException) while anything belongs to it. */
    public boolean delete(String code) {
        return db.tx(c -> {
            for (String table : List.of("app_user", "geo_object_type", "hierarchy", "classification")) {
                Rows.refuseIfAny(c, "SELECT 1 FROM " + table + " WHERE organization = ?",
                        "Organization '" + code + "' still owns rows of " + table, code);
            }
            return Rows.deleteByCode(c, "organization", code);
        });
    }
}
