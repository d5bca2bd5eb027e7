package org.georegistry.core.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.georegistry.core.internal.model.Role;
import org.georegistry.core.internal.store.Database;
import org.georegistry.core.internal.store.TestDatabases;
import org.georegistry.core.internal.store.UserStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class AuthenticatorTest {

    @TempDir
    Path data;

    private Database db;
    private UserStore users;
    private Authenticator auth;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        users = new UserStore(db);
        auth = new Authenticator(users);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bootstrapWithARandomPasswordWritesItOnceWithMode600() throws Exception {
        auth.bootstrapAdmin(null, "", data);
        Path file = data.resolve(Authenticator.INITIAL_PASSWORD_FILE);
        String password = Files.readString(file).trim();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(auth.authenticate(basic("admin", password)).orElseThrow().isSra());
        assertTrue(users.credentials("admin").orElseThrow().passwordHash().startsWith("$2b$"));
        auth.bootstrapAdmin(null, null, data); // users exist: nothing happens
        assertEquals(1, users.count());
        assertEquals(password, Files.readString(file).trim());
    }

    @Test
    void environmentWinsOverConfiguration() throws Exception {
        auth.bootstrapAdmin("from-env-123", "from-cfg-123", data);
        assertTrue(auth.authenticate(basic("admin", "from-env-123")).isPresent());
        assertFalse(auth.authenticate(basic("admin", "from-cfg-123")).isPresent());
        assertFalse(Files.exists(data.resolve(Authenticator.INITIAL_PASSWORD_FILE)));
    }

    @Test
    void basicAndBearerAndRevocation() {
        var ann = users.create("ann", Passwords.hash("secret-pass"), null, Set.of(Role.SRA));
        assertFalse(auth.authenticate(basic("ann", "wrong-pass")).isPresent());
        assertFalse(auth.authenticate("Basic !!!").isPresent());
        assertFalse(auth.authenticate(null).isPresent());
        assertEquals("ann", auth.authenticate(basic("ann", "secret-pass")).orElseThrow().username());
        String secret = "grt_" + Passwords.randomSecret(32);
        var token = users.createToken(ann.id(), "ci", Passwords.sha256(secret));
        assertEquals("ann", auth.authenticate("Bearer " + secret).orElseThrow().username());
        users.revokeToken(ann.id(), token.id());
        auth.forget();
        assertFalse(auth.authenticate("Bearer " + secret).isPresent());
    }

    @Test
    void cachedBasicChecksAreFastAndDeletedUsersAreRejected() {
        var bob = users.create("bob", Passwords.hash("secret-pass"), null, Set.of(Role.SRA));
        String header = basic("bob", "secret-pass");
        assertTrue(auth.authenticate(header).isPresent());
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertTrue(auth.authenticate(header).isPresent());
        }
        long perCheckMicros = (System.nanoTime() - start) / 200 / 1000;
        assertTrue(perCheckMicros < 5_000, "cached check took " + perCheckMicros + " µs");
        users.delete(bob.id());
        auth.forget(); // what UsersResource does on every user change
        assertFalse(auth.authenticate(header).isPresent());
    }

    @Test
    void concurrentRequestsWithTheSameCredentialsShareOneCheck() throws Exception {
        users.create("carol", Passwords.hash("secret-pass"), null, Set.of(Role.RC));
        String header = basic("carol", "secret-pass");
        int clients = 16;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(clients);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return auth.authenticate(header).isPresent();
            }));
        }
        for (var answer : answers) {
            assertTrue(answer.get());
        }
        pool.shutdown();
        // one bcrypt check (cost 10, tens of ms) while the 15 others arrived and waited for it; before: 16
        assertEquals(1, auth.checks());
        assertFalse(auth.authenticate(basic("carol", "wrong-pass")).isPresent());
        assertEquals(2, auth.checks());
    }
}
