package org.georegistry.core.internal.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.rest.Json;

/** Conversions between column values and model values shared by the stores. */
final class Rows {

    private static final TypeReference<Map<String, String>> TEXTS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    private Rows() {}

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String label(LocalizedText text) {
        return json(text == null ? Map.of() : text.values());
    }

    static LocalizedText label(String json) {
        try {
            return new LocalizedText(Json.MAPPER.readValue(json, TEXTS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored label is not JSON", e);
        }
    }

    static Map<String, Object> map(String json) {
        try {
            return Json.MAPPER.readValue(json, OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored attributes are not JSON", e);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.from(instant);
    }

    static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }

    static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setDate(index, Date.valueOf(date));
        }
    }

    /** Runs an insert prepared with RETURN_GENERATED_KEYS and answers the generated id. */
    static long insertReturningId(PreparedStatement ps) throws SQLException {
        ps.executeUpdate();
        try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    /** Prepares {@code select} narrowed to one code, or to one organization, or neither; ordered by code. */
    static PreparedStatement byCodeOrOrganization(java.sql.Connection c, String select, String code, String organization)
            throws SQLException {
        String where = code != null ? " WHERE code = ?" : organization != null ? " WHERE organization = ?" : "";
        PreparedStatement ps = c.prepareStatement(select + where + " ORDER BY code");
        if (code != null || organization != null) {
            ps.setString(1, code != null ? code : organization);
        }
        return ps;
    }

    /**
     * Sets the label of an owned row and deletes its child rows, the first half of replacing both; false when the
     * row does not exist.
     */
    static boolean relabelAndClear(java.sql.Connection c, String table, String childTable, String childKey, String code,
            LocalizedText label) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET label = ? WHERE code = ?")) {
            ps.setString(1, label(label));
            ps.setString(2, code);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + childTable + " WHERE " + childKey + " = ?")) {
            ps.setString(1, code);
            ps.executeUpdate();
        }
        return true;
    }

    /** Throws InUseException with {@code message} when {@code sql} (one string parameter per value) finds a row. */
    static void refuseIfAny(java.sql.Connection c, String sql, String message, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new InUseException(message);
                }
            }
        }
    }

    /** Deletes one row by its code column. */
    static boolean deleteByCode(java.sql.Connection c, String table, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE code = ?")) {
            ps.setString(1, code);
            return ps.executeUpdate() == 1;
        }
    }

    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
