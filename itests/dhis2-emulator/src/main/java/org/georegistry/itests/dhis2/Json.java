package org.georegistry.itests.dhis2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.georegistry.itests.emulator.EmulatorJson;

/** The emulators' ObjectMapper and node helpers ({@link EmulatorJson}), with DHIS2's timestamps and references. */
final class Json extends EmulatorJson {
    /** DHIS2 writes timestamps without zone, with milliseconds: 2017-05-22T15:21:48.514. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private Json() {
    }

    static String now() {
        return LocalDateTime.now().format(TIMESTAMP);
    }

    static ObjectNode ref(String uid) {
        return NODES.objectNode().put("id", uid);
    }

    static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
