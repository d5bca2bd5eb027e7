package org.georegistry.itests.dhis2;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The emulator's metadata, in memory. Lookups by uid and code are hash lookups; an import runs under the write lock so
 * that readers never see half of an atomic import. Public methods are for tests to inspect what a client pushed.
 */
public final class Dhis2Store {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, OrgUnit> units = new LinkedHashMap<>();
    private final Map<String, String> unitIdByCode = new HashMap<>();
    private final Map<String, Set<String>> childrenByParent = new HashMap<>();
    private final Map<String, OrgUnitGroup> groups = new LinkedHashMap<>();
    private final Map<String, OrgUnitLevel> levels = new LinkedHashMap<>();
    private final Map<String, Attribute> attributes = new LinkedHashMap<>();
    private final Map<String, OptionSet> optionSets = new LinkedHashMap<>();

    public int organisationUnitCount() {
        return read(units::size);
    }

    public Optional<OrgUnit> organisationUnit(String uid) {
        return read(() -> Optional.ofNullable(units.get(uid)));
    }

    public Optional<OrgUnit> organisationUnitByCode(String code) {
        return read(() -> Optional.ofNullable(unitByCode(code)));
    }

    public List<OrgUnit> organisationUnits() {
        return read(() -> List.copyOf(units.values()));
    }

    public List<OrgUnitGroup> organisationUnitGroups() {
        return read(() -> List.copyOf(groups.values()));
    }

    public Optional<OrgUnitGroup> organisationUnitGroup(String uid) {
        return read(() -> Optional.ofNullable(groups.get(uid)));
    }

    public List<OrgUnitLevel> organisationUnitLevels() {
        return read(() -> levels.values().stream().sorted(Comparator.comparingInt(OrgUnitLevel::level)).toList());
    }

    public List<Attribute> attributes() {
        return read(() -> List.copyOf(attributes.values()));
    }

    public Optional<Attribute> attribute(String uid) {
        return read(() -> Optional.ofNullable(attributes.get(uid)));
    }

    public List<OptionSet> optionSets() {
        return read(() -> List.copyOf(optionSets.values()));
    }

    /** Uids of the direct children of a unit. */
    public Set<String> children(String uid) {
        return read(() -> Set.copyOf(childrenOf(uid)));
    }

    <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    // The methods below expect the caller to hold a lock (read for lookups, write for changes).

    OrgUnit unit(String uid) {
        return units.get(uid);
    }

    OrgUnit unitByCode(String code) {
        String uid = code == null ? null : unitIdByCode.get(code);
        return uid == null ? null : units.get(uid);
    }

    Iterable<OrgUnit> unitsInOrder() {
        return units.values();
    }

    Set<String> childrenOf(String uid) {
        return childrenByParent.getOrDefault(uid, Collections.emptySet());
    }

    OrgUnitGroup group(String uid) {
        return groups.get(uid);
    }

    OrgUnitGroup groupByCode(String code) {
        return code == null ? null : groups.values().stream().filter(g -> code.equals(g.code())).findFirst().orElse(null);
    }

    Iterable<OrgUnitGroup> groupsInOrder() {
        return groups.values();
    }

    Attribute attributeById(String uid) {
        return attributes.get(uid);
    }

    Attribute attributeByCode(String code) {
        return code == null ? null : attributes.values().stream().filter(a -> code.equals(a.code())).findFirst().orElse(null);
    }

    OptionSet optionSet(String uid) {
        return optionSets.get(uid);
    }

    OrgUnitLevel levelById(String uid) {
        return levels.get(uid);
    }

    /** Stores a unit whose parent is already stored; derives its path and level and those of its descendants. */
    void putUnit(OrgUnit unit) {
        OrgUnit old = units.get(unit.id());
        if (old != null) {
            if (old.code() != null) {
                unitIdByCode.remove(old.code());
            }
            if (old.parentId() != null) {
                childrenOf(old.parentId()).remove(unit.id());
            }
        }
        OrgUnit parent = unit.parentId() == null ? null : units.get(unit.parentId());
        OrgUnit placed = parent == null
                ? unit.withPlace("/" + unit.id(), 1)
                : unit.withPlace(parent.path() + "/" + unit.id(), parent.level() + 1);
        units.put(placed.id(), placed);
        if (placed.code() != null) {
            unitIdByCode.put(placed.code(), placed.id());
        }
        if (placed.parentId() != null) {
            childrenByParent.computeIfAbsent(placed.parentId(), k -> new LinkedHashSet<>()).add(placed.id());
        }
        if (old != null && !old.path().equals(placed.path())) {
            replaceDescendantPaths(placed);
        }
    }

    private void replaceDescendantPaths(OrgUnit moved) {
        Deque<OrgUnit> todo = new ArrayDeque<>();
        todo.push(moved);
        while (!todo.isEmpty()) {
            OrgUnit parent = todo.pop();
            for (String childId : childrenOf(parent.id())) {
                OrgUnit child = units.get(childId).withPlace(parent.path() + "/" + childId, parent.level() + 1);
                units.put(childId, child);
                todo.push(child);
            }
        }
    }

    void removeUnit(String uid) {
        OrgUnit old = units.remove(uid);
        if (old == null) {
            return;
        }
        if (old.code() != null) {
            unitIdByCode.remove(old.code());
        }
        if (old.parentId() != null) {
            childrenOf(old.parentId()).remove(uid);
        }
        for (OrgUnitGroup group : List.copyOf(groups.values())) {
            if (group.members().contains(uid)) {
                Set<String> members = new LinkedHashSet<>(group.members());
                members.remove(uid);
                putGroup(new OrgUnitGroup(group.id(), group.code(), group.name(), group.shortName(),
                        members, group.created(), group.lastUpdated()));
            }
        }
    }

    void putGroup(OrgUnitGroup group) {
        groups.put(group.id(), new OrgUnitGroup(group.id(), group.code(), group.name(), group.shortName(),
                Collections.unmodifiableSet(new LinkedHashSet<>(group.members())), group.created(), group.lastUpdated()));
    }

    void putLevel(OrgUnitLevel level) {
        levels.put(level.id(), level);
    }

    void putAttribute(Attribute attribute) {
        attributes.put(attribute.id(), attribute);
    }

    void putOptionSet(OptionSet optionSet) {
        optionSets.put(optionSet.id(), new OptionSet(optionSet.id(), optionSet.code(), optionSet.name(),
                optionSet.valueType(), List.copyOf(new ArrayList<>(optionSet.options())), optionSet.created(),
                optionSet.lastUpdated()));
    }
}
