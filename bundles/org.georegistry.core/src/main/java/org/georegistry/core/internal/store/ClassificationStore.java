package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.georegistry.core.internal.model.Classification;
import org.georegistry.core.internal.model.Term;

/** Classifications and their terms; an update replaces the term list. */
public final class ClassificationStore {

    private final Database db;

    public ClassificationStore(Database db) {
        this.db = db;
    }

    public void create(Classification cl) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO classification (code, organization, label) VALUES (?, ?, ?)")) {
                ps.setString(1, cl.code());
                ps.setString(2, cl.organization());
                ps.setString(3, Rows.label(cl.label()));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (StoreException.isDuplicate(e)) {
                    throw new DuplicateException("Classification '" + cl.code() + "' exists already");
                }
                throw e;
            }
            insertTerms(c, cl);
            return null;
        });
    }

    public boolean update(Classification cl) {
        return db.tx(c -> {
            if (!Rows.relabelAndClear(c, "classification", "term", "classification", cl.code(), cl.label())) {
                return false;
            }
            insertTerms(c, cl);
            return true;
        });
    }

    private static void insertTerms(Connection c, Classification cl) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO term (classification, code, label, position) VALUES (?, ?, ?, ?)")) {
            int position = 0;
            for (Term t : cl.terms()) {
                ps.setString(1, cl.code());
                ps.setString(2, t.code());
                ps.setString(3, Rows.label(t.label()));
                ps.setInt(4, position++);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (StoreException.isDuplicate(e)) {
                throw new DuplicateException("A term code appears twice in classification '" + cl.code() + "'");
            }
            throw e;
        }
    }

    public Optional<Classification> get(String code) {
        return db.read(c -> list(c, code, null).stream().findFirst());
    }

    /** All classifications, or those of one organization. */
    public List<Classification> list(String organization) {
        return db.read(c -> list(c, null, organization));
    }

    private static List<Classification> list(Connection c, String code, String organization) throws SQLException {
        List<Classification> out = new ArrayList<>();
        try (PreparedStatement ps = Rows.byCodeOrOrganization(c, "SELECT code, organization, label FROM classification", code, organization)) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Classification(rs.getString(1), rs.getString(2), Rows.label(rs.getString(3)),
                            terms(c, rs.getString(1))));
                }
            }
        }
        return out;
    }

    private static List<Term> terms(Connection c, String classification) throws SQLException {
        List<Term> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT code, label FROM term WHERE classification = ? ORDER BY position")) {
            ps.setString(1, classification);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Term(rs.getString(1), Rows.label(rs.getString(2))));
                }
            }
        }
        return out;
    }

    /** Deletes a classification; refused while an attribute uses it. */
    public boolean delete(String code) {
        return db.tx(c -> {
            Rows.refuseIfAny(c, "SELECT 1 FROM type_attribute WHERE classification = ?",
                    "Classification '" + code + "' is used by a Geo-Object Type attribute", code);
            return Rows.deleteByCode(c, "classification", code);
        });
    }
}
