package org.georegistry.itests.reveal;

import org.georegistry.itests.emulator.EmulatorJson;

/** The emulators' ObjectMapper and node helpers, as {@code Json.MAPPER} and {@code Json.text(...)} here. */
final class Json extends EmulatorJson {
    private Json() {
    }
}
