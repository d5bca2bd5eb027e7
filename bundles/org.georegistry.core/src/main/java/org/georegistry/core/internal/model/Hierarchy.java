package org.georegistry.core.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.georegistry.api.model.LocalizedText;

/** A hierarchy: a tree of Geo-Object Types, each node naming its parent type (null at the root). */
public record Hierarchy(String code, String organization, LocalizedText label, List<Node> nodes) {

    /** A type in the hierarchy and its parent type. */
    public record Node(String type, String parent) {}

    public Hierarchy {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /** The parent type of a type here; empty when the type is a root or absent (see {@link #contains}). */
    public Optional<String> parentOf(String type) {
        return nodes.stream().filter(n -> n.type().equals(type)).findFirst().map(Node::parent);
    }

    public boolean contains(String type) {
        return nodes.stream().anyMatch(n -> n.type().equals(type));
    }

    /** Types ordered parents first (roots, then their children, ...). */
    public List<String> typesParentFirst() {
        List<String> out = new ArrayList<>();
        List<Node> left = new ArrayList<>(nodes);
        while (!left.isEmpty()) {
            int before = out.size();
            left.removeIf(n -> {
                if (n.parent() == null || out.contains(n.parent())) {
                    out.add(n.type());
                    return true;
                }
                return false;
            });
            if (out.size() == before) {
                break; // a cycle or a missing parent: validation rejects these before they are stored
            }
        }
        return out;
    }
}
