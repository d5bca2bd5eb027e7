package org.georegistry.itests.reveal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh emulator per test, with the default accounts, and a client logged in as admin:admin. */
abstract class EmulatorTest {
    protected RevealEmulator reveal;
    protected Client api;

    @BeforeEach
    void start() {
        reveal = RevealEmulator.start(new RevealEmulator.Config());
        api = new Client(reveal, Client.basic("admin", "admin"));
    }

    @AfterEach
    void stop() {
        reveal.close();
    }
}
