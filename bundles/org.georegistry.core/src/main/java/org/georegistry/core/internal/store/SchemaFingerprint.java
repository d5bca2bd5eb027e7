package org.georegistry.core.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SHA-256 of the changelog files (the root and every file it includes, recursively), stored in the database
 * after a successful migration. When it matches at start, the schema is already what the changelogs make and
 * Liquibase need not run; any edit or new changeSet changes it and Liquibase runs as usual.
 */
final class SchemaFingerprint {

    static final String TABLE = "schema_fingerprint";
    private static final Pattern INCLUDE = Pattern.compile("<include\\s+file=\"([^\"]+)\"");

    private SchemaFingerprint() {}

    static String of(ClassLoader loader, String changelog) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            add(digest, loader, changelog, 0);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(MessageDigest digest, ClassLoader loader, String resource, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("Changelog includes nest too deep at " + resource);
        }
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing changelog " + resource);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        digest.update(resource.getBytes(StandardCharsets.UTF_8));
        digest.update(bytes);
        Matcher m = INCLUDE.matcher(new String(bytes, StandardCharsets.UTF_8));
        while (m.find()) {
            add(digest, loader, m.group(1), depth + 1);
        }
    }

    /** The stored fingerprint, or null when none was stored (a new database, or one from before this check). */
    static String stored(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT checksum FROM " + TABLE)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException noTableYet) {
            return null;
        }
    }

    static void store(Connection c, String fingerprint) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (checksum CHAR(64) NOT NULL)");
            s.executeUpdate("DELETE FROM " + TABLE);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " (checksum) VALUES (?)")) {
            ps.setString(1, fingerprint);
            ps.executeUpdate();
        }
        if (!c.getAutoCommit()) {
            c.commit(); // Liquibase leaves the connection in manual-commit mode
        }
    }
}
