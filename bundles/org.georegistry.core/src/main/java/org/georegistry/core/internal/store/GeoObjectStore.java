package org.georegistry.core.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.georegistry.api.model.GeoObject;
import org.georegistry.api.model.ParentLink;

/**
 * Geo-Objects with their parents (one per hierarchy) and external ids (one per external system). Methods taking
 * a Connection run inside the caller's transaction; the others open their own.
 */
public final class GeoObjectStore {

    /** Filters of a listing; null fields do not filter. */
    public record Filter(String typeCode, Long parentId, String hierarchy, Instant updatedSince, String organization) {}

    /** One page of a listing. */
    public record Page(List<GeoObject> items, int page, int pageSize, long total) {}

    /** The key of a stored object. */
    public record Key(long id, String typeCode, String code) {}

    private static final String COLUMNS =
            "o.id, o.type_code, o.code, o.label, o.geometry, o.attributes, o.valid_from, o.valid_to, o.last_updated";

    private final Database db;

    public GeoObjectStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    /** The id of an object by type and code. */
    public static Optional<Long> idOf(Connection c, String typeCode, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM geo_object WHERE type_code = ? AND code = ?")) {
            ps.setString(1, typeCode);
            ps.setString(2, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    /** The type and code of an object by id. */
    public static Optional<Key> key(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT type_code, code FROM geo_object WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Key(id, rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Inserts an object (parents and external ids are written separately); answers its id. */
    public static long insert(Connection c, GeoObject o, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO geo_object"
                + " (type_code, code, label, geometry, attributes, valid_from, valid_to, last_updated)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            bindObject(ps, o, now);
            return Rows.insertReturningId(ps);
        } catch (SQLException e) {
            if (StoreException.isDuplicate(e)) {
                throw new DuplicateException("Code '" + o.code() + "' is taken in type '" + o.typeCode() + "'");
            }
            throw e;
        }
    }

    /** Overwrites an object's values (type and code stay). */
    public static void update(Connection c, long id, GeoObject o, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE geo_object SET type_code = ?, code = ?, label = ?,"
                + " geometry = ?, attributes = ?, valid_from = ?, valid_to = ?, last_updated = ? WHERE id = ?")) {
            bindObject(ps, o, now);
            ps.setLong(9, id);
            ps.executeUpdate();
        }
    }

    /** Binds the eight value columns in insert order; shared by single and batch writes. */
    static void bindObject(PreparedStatement ps, GeoObject o, Instant now) throws SQLException {
        ps.setString(1, o.typeCode());
        ps.setString(2, o.code());
        ps.setString(3, Rows.label(o.label()));
        if (o.geometry() == null) {
            ps.setNull(4, Types.CLOB);
        } else {
            ps.setString(4, o.geometry());
        }
        ps.setString(5, Rows.json(o.attributes()));
        Rows.setDate(ps, 6, o.validFrom());
        Rows.setDate(ps, 7, o.validTo());
        ps.setTimestamp(8, Rows.timestamp(now));
    }

    /** Sets or clears (parentId null) an object's parent in a hierarchy. */
    public static void setParent(Connection c, long id, String hierarchy, Long parentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM geo_object_parent WHERE object_id = ? AND hierarchy = ?")) {
            ps.setLong(1, id);
            ps.setString(2, hierarchy);
            ps.executeUpdate();
        }
        if (parentId != null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO geo_object_parent (object_id, hierarchy, parent_id) VALUES (?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, hierarchy);
                ps.setLong(3, parentId);
                ps.executeUpdate();
            }
        }
    }

    /** Whether {@code ancestor} is {@code id} or above it in a hierarchy: setting such a parent would make a cycle. */
    public static boolean isAncestorOrSelf(Connection c, long ancestor, long id, String hierarchy) throws SQLException {
        Long current = id;
        for (int depth = 0; current != null && depth < 1000; depth++) {
            if (current == ancestor) {
                return true;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT parent_id FROM geo_object_parent WHERE object_id = ? AND hierarchy = ?")) {
                ps.setLong(1, current);
                ps.setString(2, hierarchy);
                try (ResultSet rs = ps.executeQuery()) {
                    current = rs.next() ? rs.getLong(1) : null;
                }
            }
        }
        return false;
    }

    /**
     * Sets an object's external id for a system, replacing the one it had. The object's row is locked first so
     * that two writers of the same object take turns: otherwise both find no row to replace, and the later insert
     * collides with the earlier one's and would be reported as another object's id.
     */
    public static void putExternalId(Connection c, long id, String systemId, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM geo_object WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            ps.executeQuery().close();
        }
        deleteExternalId(c, id, systemId);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO external_id (object_id, system_id, external_id) VALUES (?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, systemId);
            ps.setString(3, externalId);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isDuplicate(e)) {
                throw new DuplicateException("External id '" + externalId + "' of system '" + systemId
                        + "' belongs to another Geo-Object");
            }
            throw e;
        }
    }

    /** How many ids one row-locking or reading statement names. */
    private static final int ID_CHUNK = 500;

    /**
     * Sets the external ids of many objects of one type for a system ({@code externalIdsByCode}: code to id), as
     * {@link #putExternalId} does one at a time. The objects' rows are locked first, by primary key in id order, for
     * the same reason (a concurrent single write of one of them otherwise made the whole batch fail as a clash with
     * "another Geo-Object"); their current ids are read after the lock, so a new one is only inserted, an unchanged
     * one left alone, and only a changed one deleted first (all deletes before the inserts: two objects may trade
     * ids). Locking by {@code code IN (..)} instead made H2 scan every object of the type for each 500 codes: the
     * 100,000-object DHIS2 push took 82 s instead of 12.
     *
     * @throws StoreException naming the first code that has no object
     */
    public static void putExternalIds(Connection c, String typeCode, String systemId,
            Map<String, String> externalIdsByCode) throws SQLException {
        Map<Long, String> wanted = new HashMap<>();
        try (PreparedStatement find = c.prepareStatement("SELECT id FROM geo_object WHERE type_code = ? AND code = ?")) {
            find.setString(1, typeCode);
            for (Map.Entry<String, String> e : externalIdsByCode.entrySet()) {
                find.setString(2, e.getKey());
                try (ResultSet rs = find.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException("No Geo-Object " + typeCode + "/" + e.getKey());
                    }
                    wanted.put(rs.getLong(1), e.getValue());
                }
            }
        }
        List<Long> ids = new ArrayList<>(wanted.keySet());
        Collections.sort(ids);
        Map<Long, String> current = new HashMap<>();
        for (int from = 0; from < ids.size(); from += ID_CHUNK) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + ID_CHUNK));
            String in = String.join(",", Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement lock = c.prepareStatement(
                    "SELECT id FROM geo_object WHERE id IN (" + in + ") ORDER BY id FOR UPDATE");
                    PreparedStatement read = c.prepareStatement("SELECT object_id, external_id FROM external_id"
                            + " WHERE system_id = ? AND object_id IN (" + in + ")")) {
                read.setString(1, systemId);
                for (int i = 0; i < chunk.size(); i++) {
                    lock.setLong(i + 1, chunk.get(i));
                    read.setLong(i + 2, chunk.get(i));
                }
                lock.executeQuery().close();
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        current.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM external_id WHERE object_id = ? AND system_id = ?");
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO external_id (object_id, system_id, external_id) VALUES (?, ?, ?)")) {
            delete.setString(2, systemId);
            insert.setString(2, systemId);
            for (Long id : ids) {
                String now = current.get(id);
                if (wanted.get(id).equals(now)) {
                    continue;
                }
                if (now != null) {
                    delete.setLong(1, id);
                    delete.addBatch();
                }
                insert.setLong(1, id);
                insert.setString(3, wanted.get(id));
                insert.addBatch();
            }
            delete.executeBatch();
            insert.executeBatch();
        } catch (SQLException e) {
            if (StoreException.isDuplicate(e)) {
                throw new DuplicateException(
                        "An external id of system '" + systemId + "' belongs to another Geo-Object");
            }
            throw e;
        }
    }

    public static boolean deleteExternalId(Connection c, long id, String systemId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM external_id WHERE object_id = ? AND system_id = ?")) {
            ps.setLong(1, id);
            ps.setString(2, systemId);
            return ps.executeUpdate() == 1;
        }
    }

    /** The id, type and code of the object holding an external id of a system, without loading the object. */
    public static Optional<Key> keyByExternalId(Connection c, String systemId, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.type_code, o.code FROM external_id e"
                + " JOIN geo_object o ON o.id = e.object_id WHERE e.system_id = ? AND e.external_id = ?")) {
            ps.setString(1, systemId);
            ps.setString(2, externalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Key(rs.getLong(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }

    /** The object holding an external id of a system. */
    public static Optional<Long> byExternalId(Connection c, String systemId, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT object_id FROM external_id WHERE system_id = ? AND external_id = ?")) {
            ps.setString(1, systemId);
            ps.setString(2, externalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public Optional<GeoObject> get(String typeCode, String code) {
        return db.read(c -> get(c, typeCode, code));
    }

    public static Optional<GeoObject> get(Connection c, String typeCode, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM geo_object o WHERE o.type_code = ? AND o.code = ?")) {
            ps.setString(1, typeCode);
            ps.setString(2, code);
            List<Loaded> rows = load(ps);
            decorate(c, rows);
            return rows.stream().findFirst().map(Loaded::build);
        }
    }

    public static Optional<GeoObject> get(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM geo_object o WHERE o.id = ?")) {
            ps.setLong(1, id);
            List<Loaded> rows = load(ps);
            decorate(c, rows);
            return rows.stream().findFirst().map(Loaded::build);
        }
    }

    /** A page of objects in (type, code) order. */
    public Page list(Filter filter, int page, int pageSize) {
        if (filter.parentId() != null) {
            return db.read(c -> childrenPage(c, filter, page, pageSize));
        }
        return db.read(c -> {
            List<Object> args = new ArrayList<>();
            String where = where(filter, args);
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM geo_object o" + where)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            // the page's ids first, from the (type, code) index alone: skipping rows to a deep page then reads no
            // labels, attributes or geometries (100,000 facilities: 350 ms a page before, 30 ms after)
            List<Long> ids = new ArrayList<>(pageSize);
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id FROM geo_object o" + where
                    + " ORDER BY o.type_code, o.code LIMIT ? OFFSET ?")) {
                args.add(pageSize);
                args.add((long) (page - 1) * pageSize);
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            return new Page(byIds(c, ids), page, pageSize, total);
        });
    }

    /**
     * A page of an object's children: their ids from the parent index, their type, code and date by primary key,
     * filtered and ordered here. Asked in one query with the parent as a subquery, H2 chose to walk the whole (type,
     * code) index in page order and ran the subquery again for every object (ConcurrencyIT: a GET of a province's
     * children took 7 to 21 s among 50 clients); as a join from the parent table with the filters in SQL, it still
     * walked a secondary index of geo_object under that load. Lookups by primary key leave it no choice.
     */
    private static Page childrenPage(Connection c, Filter f, int page, int pageSize) throws SQLException {
        List<Long> children = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT p.object_id FROM geo_object_parent p WHERE p.parent_id = ?"
                + (f.hierarchy() != null ? " AND p.hierarchy = ?" : ""))) {
            ps.setLong(1, f.parentId());
            if (f.hierarchy() != null) {
                ps.setString(2, f.hierarchy());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    children.add(rs.getLong(1));
                }
            }
        }
        Set<String> organizationTypes = f.organization() == null ? null : typesOf(c, f.organization());
        Timestamp since = f.updatedSince() == null ? null : Rows.timestamp(f.updatedSince());
        List<Key> keys = new ArrayList<>(children.size());
        for (int from = 0; from < children.size(); from += 1000) {
            List<Long> chunk = children.subList(from, Math.min(children.size(), from + 1000));
            try (PreparedStatement ps = c.prepareStatement("SELECT o.id, o.type_code, o.code, o.last_updated"
                    + " FROM geo_object o WHERE o.id IN (" + idList(chunk) + ")");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    if ((f.typeCode() == null || f.typeCode().equals(type))
                            && (organizationTypes == null || organizationTypes.contains(type))
                            && (since == null || rs.getTimestamp(4).after(since))) {
                        keys.add(new Key(rs.getLong(1), type, rs.getString(3)));
                    }
                }
            }
        }
        keys.sort(Comparator.comparing(Key::typeCode).thenComparing(Key::code));
        int first = (int) Math.min(keys.size(), (long) (page - 1) * pageSize);
        List<Long> ids = keys.subList(first, Math.min(keys.size(), first + pageSize)).stream().map(Key::id).toList();
        return new Page(byIds(c, ids), page, pageSize, keys.size());
    }

    private static Set<String> typesOf(Connection c, String organization) throws SQLException {
        Set<String> types = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT code FROM geo_object_type WHERE organization = ?")) {
            ps.setString(1, organization);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(rs.getString(1));
                }
            }
        }
        return types;
    }

    /** The objects with these ids, in the order given. */
    private static List<GeoObject> byIds(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Loaded> byId = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM geo_object o WHERE o.id IN ("
                + idList(ids) + ")")) {
            load(ps).forEach(r -> byId.put(r.id, r));
        }
        List<Loaded> rows = ids.stream().map(byId::get).filter(Objects::nonNull).toList();
        decorate(c, rows);
        return rows.stream().map(Loaded::build).toList();
    }

    /** The conditions of a listing without a parent (children are listed by {@link #childrenPage}). */
    private static String where(Filter f, List<Object> args) {
        List<String> clauses = new ArrayList<>();
        if (f.typeCode() != null) {
            clauses.add("o.type_code = ?");
            args.add(f.typeCode());
        }
        if (f.updatedSince() != null) {
            clauses.add("o.last_updated > ?");
            args.add(Rows.timestamp(f.updatedSince()));
        }
        if (f.organization() != null) {
            clauses.add("o.type_code IN (SELECT t.code FROM geo_object_type t WHERE t.organization = ?)");
            args.add(f.organization());
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    /** Objects per chunk of {@link #stream}: one short read each. */
    static final int STREAM_CHUNK = 500;

    /**
     * Streams the objects of a type in code order, a chunk of {@value #STREAM_CHUNK} at a time, each read in its own
     * short transaction from the last code seen (keyset paging on the type-and-code index). No connection or
     * snapshot is held between chunks: a long export that records external ids as it goes would otherwise keep
     * every version it wrote alive (H2's MVStore) or hold back vacuum (PostgreSQL). Objects committed meanwhile
     * after the current position are seen.
     */
    public Stream<GeoObject> stream(String typeCode, Instant changedSince) {
        Spliterator<GeoObject> chunks = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            private List<GeoObject> buffer = List.of();
            private int next;
            private String lastCode;
            private boolean done;

            @Override
            public boolean tryAdvance(Consumer<? super GeoObject> action) {
                if (next == buffer.size()) {
                    if (done) {
                        return false;
                    }
                    buffer = db.read(c -> chunk(c, typeCode, changedSince, lastCode));
                    next = 0;
                    done = buffer.size() < STREAM_CHUNK;
                    if (buffer.isEmpty()) {
                        return false;
                    }
                    lastCode = buffer.get(buffer.size() - 1).code();
                }
                action.accept(buffer.get(next++));
                return true;
            }
        };
        return StreamSupport.stream(chunks, false);
    }

    private static List<GeoObject> chunk(Connection c, String typeCode, Instant changedSince, String afterCode)
            throws SQLException {
        List<Loaded> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM geo_object o WHERE o.type_code = ?"
                + (changedSince != null ? " AND o.last_updated > ?" : "") + (afterCode != null ? " AND o.code > ?" : "")
                + " ORDER BY o.type_code, o.code LIMIT " + STREAM_CHUNK)) {
            int i = 1;
            ps.setString(i++, typeCode);
            if (changedSince != null) {
                ps.setTimestamp(i++, Rows.timestamp(changedSince));
            }
            if (afterCode != null) {
                ps.setString(i, afterCode);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(Loaded.of(rs));
                }
            }
        }
        decorate(c, rows);
        List<GeoObject> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(r.build()));
        return out;
    }

    /** Deletes an object; refused while it has children. */
    public boolean delete(String typeCode, String code) {
        return db.tx(c -> {
            Optional<Long> id = idOf(c, typeCode, code);
            if (id.isEmpty()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM geo_object_parent WHERE parent_id = ?")) {
                ps.setLong(1, id.get());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        throw new InUseException("Geo-Object '" + typeCode + "/" + code + "' has children");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM geo_object WHERE id = ?")) {
                ps.setLong(1, id.get());
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static List<Loaded> load(PreparedStatement ps) throws SQLException {
        List<Loaded> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(Loaded.of(rs));
            }
        }
        return out;
    }

    /** Adds parents and external ids to loaded rows, with one query each for the whole list. */
    private static void decorate(Connection c, List<Loaded> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<Long, Loaded> byId = new LinkedHashMap<>();
        rows.forEach(r -> byId.put(r.id, r));
        String ids = idMatch(byId.keySet());
        try (PreparedStatement ps = c.prepareStatement("SELECT p.object_id, p.hierarchy, g.type_code, g.code"
                + " FROM geo_object_parent p JOIN geo_object g ON g.id = p.parent_id WHERE p.object_id " + ids
                + " ORDER BY p.hierarchy")) {
            bindIdMatch(ps, byId.keySet());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.get(rs.getLong(1)).parents.add(
                            new ParentLink(rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT object_id, system_id, external_id FROM external_id"
                + " WHERE object_id " + ids + " ORDER BY system_id")) {
            bindIdMatch(ps, byId.keySet());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.get(rs.getLong(1)).externalIds.put(rs.getString(2), rs.getString(3));
                }
            }
        }
    }

    /**
     * One object (a GET) is matched with a placeholder, so the statement's text is the same for every object and H2
     * takes it parsed from the connection's query cache (parsing was 40 % of a GET's time in H2 with the id written
     * into the text); several are matched as a literal list (see {@link #idList}).
     */
    private static String idMatch(Collection<Long> ids) {
        return ids.size() == 1 ? "= ?" : "IN (" + idList(ids) + ")";
    }

    private static void bindIdMatch(PreparedStatement ps, Collection<Long> ids) throws SQLException {
        if (ids.size() == 1) {
            ps.setLong(1, ids.iterator().next());
        }
    }

    /**
     * Ids for an {@code IN (...)} list, as literals: with placeholders H2 checks each row found against the whole
     * list one value at a time (for a 500-object export chunk that was the largest read cost); with literals it
     * looks them up in a set. They are numbers from the database, never user text.
     */
    private static String idList(Collection<Long> ids) {
        StringBuilder list = new StringBuilder(ids.size() * 8);
        for (long id : ids) {
            if (!list.isEmpty()) {
                list.append(',');
            }
            list.append(id);
        }
        return list.toString();
    }

    /** A row being assembled into a GeoObject. */
    private static final class Loaded {
        final long id;
        final GeoObject base;
        final List<ParentLink> parents = new ArrayList<>();
        final Map<String, String> externalIds = new LinkedHashMap<>();

        private Loaded(long id, GeoObject base) {
            this.id = id;
            this.base = base;
        }

        static Loaded of(ResultSet rs) throws SQLException {
            GeoObject base = new GeoObject(rs.getString(2), rs.getString(3), Rows.label(rs.getString(4)),
                    rs.getString(5), Rows.map(rs.getString(6)), List.of(), rs.getObject(7, LocalDate.class),
                    rs.getObject(8, LocalDate.class), Rows.instant(rs.getTimestamp(9)), Map.of());
            return new Loaded(rs.getLong(1), base);
        }

        GeoObject build() {
            return new GeoObject(base.typeCode(), base.code(), base.label(), base.geometry(), base.attributes(),
                    parents, base.validFrom(), base.validTo(), base.lastUpdated(), externalIds);
        }
    }
}
