package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.georegistry.api.model.LocalizedText;
import org.georegistry.core.internal.model.Organization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embedded database has committed survives the server process being killed (SIGKILL, the OOM killer, a
 * crash): H2 otherwise keeps commits in memory for up to a second before writing them, and a request answered 201
 * lost its object. A child JVM opens the database as the server does, commits, says so, and is killed at once.
 */
class KilledAfterCommitTest {

    @Test
    void aCommittedWriteSurvivesSigkill(@TempDir Path dir) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenWait.class.getName(), dir.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while ((said = out.readLine()) != null && !said.startsWith("COMMITTED")) {
                output.add(said);
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals("COMMITTED 20", said, "the child's output: " + output);

        Database db = Database.open(StorageService.embeddedUrl(dir), "", "", 2);
        try {
            assertEquals(20, new OrganizationStore(db).list().size(), "every committed organization is there");
        } finally {
            db.close();
        }
    }

    /** The child: twenty transactions, as twenty answered requests would be, then it waits to be killed. */
    public static final class CommitThenWait {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            Files.createDirectories(dir);
            Database db = Database.open(StorageService.embeddedUrl(dir), "", "", 2);
            OrganizationStore orgs = new OrganizationStore(db);
            for (int i = 0; i < 20; i++) {
                orgs.create(new Organization("org" + i, LocalizedText.of("Organization " + i)));
            }
            System.out.println("COMMITTED " + orgs.list().size());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
