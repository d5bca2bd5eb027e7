package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.georegistry.core.internal.model.ApiToken;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.model.User;

/** Users, their password hashes and their API tokens (stored as SHA-256 hashes only). */
public final class UserStore {

    /** A user with the hash to check a password against. */
    public record Credentials(User user, String passwordHash) {}

    private static final String COLUMNS = "u.id, u.username, u.organization, u.roles, u.created";

    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    public User create(String username, String passwordHash, String organization, Set<Role> roles) {
        Instant now = Instant.now();
        long id = db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO app_user (username, password_hash, organization, roles, created) VALUES (?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, username);
                ps.setString(2, passwordHash);
                Rows.setNullable(ps, 3, organization);
                ps.setString(4, roles(roles));
                ps.setTimestamp(5, Rows.timestamp(now));
                return Rows.insertReturningId(ps);
            } catch (SQLException e) {
                if (StoreException.isDuplicate(e)) {
                    throw new DuplicateException("User '" + username + "' exists already");
                }
                throw e;
            }
        });
        return new User(id, username, organization, roles, now);
    }

    /** Changes organization and roles, and the password hash when not null; false when there is no such user. */
    public boolean update(long id, String organization, Set<Role> roles, String passwordHash) {
        return db.tx(c -> {
            String sql = passwordHash == null
                    ? "UPDATE app_user SET organization = ?, roles = ? WHERE id = ?"
                    : "UPDATE app_user SET organization = ?, roles = ?, password_hash = ? WHERE id = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                Rows.setNullable(ps, i++, organization);
                ps.setString(i++, roles(roles));
                if (passwordHash != null) {
                    ps.setString(i++, passwordHash);
                }
                ps.setLong(i, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public boolean delete(long id) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM app_user WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<User> get(long id) {
        return db.read(c -> one(c, "SELECT " + COLUMNS + " FROM app_user u WHERE u.id = ?", id));
    }

    public Optional<Credentials> credentials(String username) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + ", u.password_hash FROM app_user u WHERE u.username = ?")) {
                ps.setString(1, username);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Credentials(user(rs), rs.getString(6))) : Optional.empty();
                }
            }
        });
    }

    /** Users, all of them or those of one organization. */
    public List<User> list(String organization) {
        return db.read(c -> {
            String sql = "SELECT " + COLUMNS + " FROM app_user u"
                    + (organization == null ? "" : " WHERE u.organization = ?") + " ORDER BY u.username";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (organization != null) {
                    ps.setString(1, organization);
                }
                List<User> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(user(rs));
                    }
                }
                return out;
            }
        });
    }

    public long count() {
        return db.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM app_user")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public ApiToken createToken(long userId, String name, String tokenHash) {
        Instant now = Instant.now();
        long id = db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_token (user_id, name, token_hash, created) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, userId);
                ps.setString(2, name);
                ps.setString(3, tokenHash);
                ps.setTimestamp(4, Rows.timestamp(now));
                return Rows.insertReturningId(ps);
            }
        });
        return new ApiToken(id, name, now);
    }

    public List<ApiToken> tokens(long userId) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, name, created FROM api_token WHERE user_id = ? ORDER BY id")) {
                ps.setLong(1, userId);
                List<ApiToken> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ApiToken(rs.getLong(1), rs.getString(2), Rows.instant(rs.getTimestamp(3))));
                    }
                }
                return out;
            }
        });
    }

    public boolean revokeToken(long userId, long tokenId) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_token WHERE user_id = ? AND id = ?")) {
                ps.setLong(1, userId);
                ps.setLong(2, tokenId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** The user a token (given as its SHA-256 hex hash) belongs to. */
    public Optional<User> byTokenHash(String tokenHash) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM app_user u JOIN api_token t ON t.user_id = u.id WHERE t.token_hash = ?")) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Optional<User> one(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        }
    }

    private static User user(ResultSet rs) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(rs.getString(4).split(",")).filter(s -> !s.isBlank()).map(Role::valueOf).forEach(roles::add);
        return new User(rs.getLong(1), rs.getString(2), rs.getString(3), roles, Rows.instant(rs.getTimestamp(5)));
    }

    private static String roles(Set<Role> roles) {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }
}
