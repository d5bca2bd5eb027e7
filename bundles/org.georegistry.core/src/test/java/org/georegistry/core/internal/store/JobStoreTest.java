package org.georegistry.core.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.core.internal.model.Job;
import org.georegistry.core.internal.model.JobStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Job bookkeeping on real databases: H2 always, PostgreSQL when configured. */
class JobStoreTest {

    static Stream<String> databases() {
        return Stream.of("h2", "postgres");
    }

    private static Database open(String which) {
        return "h2".equals(which) ? TestDatabases.h2() : TestDatabases.postgres();
    }

    /** A configuration row for jobs to belong to. */
    static long config(Database db) {
        return db.tx(c -> {
            Timestamp now = Timestamp.from(Instant.now());
            c.createStatement().executeUpdate("INSERT INTO organization (code, label) VALUES ('moh', '{\"en\":\"MoH\"}')");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO external_system (id, type, organization, label,"
                    + " settings, secrets, created, updated) VALUES ('dhis2-sl', 'dhis2', 'moh', '{}', '{}', '{}', ?, ?)")) {
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_config (label, organization, external_system,"
                    + " direction, settings, created, updated) VALUES ('{}', 'moh', 'dhis2-sl', 'EXPORT', '{}', ?, ?)",
                    java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                return Rows.insertReturningId(ps);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void recordsALifecycleWithErrorsAndGroupsIdenticalMessages(String which) {
        try (Database db = open(which)) {
            JobStore jobs = new JobStore(db);
            long config = config(db);
            Job job = jobs.create(config, "admin", false, true, null);
            assertEquals(JobStatus.QUEUED, job.status());
            assertTrue(jobs.active(config));
            jobs.started(job.id());
            jobs.progress(job.id(), "EXPORT", 10, 30);
            for (String code : List.of("D1", "D2", "D3")) {
                jobs.addError(job.id(), ObjectError.error(code, "E4000", "Missing required property `openingDate`"));
            }
            jobs.addError(job.id(), ObjectError.warning("F9", "GEOMETRY", "Line geometry is not supported"));
            jobs.finish(job.id(), JobStatus.FAILURE, "COMPLETE", "3 errors");

            Job done = jobs.get(job.id()).orElseThrow();
            assertEquals(JobStatus.FAILURE, done.status());
            assertEquals("COMPLETE", done.stage());
            assertEquals(10, done.processed());
            assertEquals(30, done.total());
            assertEquals(3, done.errors());
            assertEquals(1, done.warnings());
            assertNotNull(done.started());
            assertNotNull(done.finished());
            assertFalse(jobs.active(config));

            var grouped = jobs.groupedErrors(job.id());
            assertEquals(2, grouped.size());
            assertEquals(3, grouped.get(0).count());
            assertEquals(List.of("D1", "D2", "D3"), grouped.get(0).objectCodes());
            assertEquals("E4000", grouped.get(0).code());

            var page2 = jobs.errors(job.id(), 2, 3);
            assertEquals(4, page2.total());
            assertEquals("F9", page2.items().get(0).objectCode());
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void messagesThatDifferOnlyByTheObjectGroupTogetherWithARealExample(String which) {
        try (Database db = open(which)) {
            JobStore jobs = new JobStore(db);
            Job job = jobs.create(config(db), "admin", false, true, null);
            // as DHIS2 words E4014 and the provider its truncation warning: the object's uid or code in the text
            jobs.addError(job.id(), ObjectError.error("F1", "E4014", "Invalid UID `aB3dE5gH7jK` for property `id`"));
            jobs.addError(job.id(), ObjectError.error("F2", "E4014", "Invalid UID `Zx9yW8vU7tS` for property `id`"));
            jobs.addError(job.id(), ObjectError.error("F3", "E4014", "Invalid UID `qwERtyUIopA` for property `id`"));
            jobs.addError(job.id(), ObjectError.error("F4", "E4000", "Missing required property `openingDate`."));
            jobs.addError(job.id(), ObjectError.error("F5", "E4000", "Missing required property `shortName`."));
            for (String code : List.of("F123", "KAILAHUN")) {
                jobs.addError(job.id(), ObjectError.warning(code, "SHORT_NAME_TRUNCATED",
                        "The short name of " + code + " was cut to 50 characters"));
            }

            var grouped = jobs.groupedErrors(job.id());
            assertEquals(List.of("E4014", "SHORT_NAME_TRUNCATED", "E4000", "E4000"),
                    grouped.stream().map(JobStore.ErrorGroup::code).toList(), grouped.toString());
            assertEquals(3, grouped.get(0).count());
            assertEquals(List.of("F1", "F2", "F3"), grouped.get(0).objectCodes());
            assertEquals("Invalid UID `aB3dE5gH7jK` for property `id`", grouped.get(0).message(),
                    "a real message as the example");
            assertEquals(List.of("F123", "KAILAHUN"), grouped.get(1).objectCodes());
            assertEquals("The short name of F123 was cut to 50 characters", grouped.get(1).message());
            assertEquals(1, grouped.get(2).count(), "different properties stay apart");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void historyIsNewestFirstAndInterruptedJobsAreMarkedFailed(String which) {
        try (Database db = open(which)) {
            JobStore jobs = new JobStore(db);
            long config = config(db);
            Job first = jobs.create(config, "admin", false, true, null);
            jobs.finish(first.id(), JobStatus.SUCCESS, "COMPLETE", null);
            Job running = jobs.create(config, "scheduler", true, false, Instant.parse("2026-01-01T00:00:00Z"));
            jobs.started(running.id());

            var history = jobs.history(config, 1, 50);
            assertEquals(2, history.total());
            assertEquals(running.id(), history.items().get(0).id());
            assertEquals(Instant.parse("2026-01-01T00:00:00Z"), history.items().get(0).changedSince());

            assertEquals(1, jobs.markInterrupted());
            Job interrupted = jobs.get(running.id()).orElseThrow();
            assertEquals(JobStatus.FAILURE, interrupted.status());
            assertEquals("INTERRUPTED", interrupted.stage());
            assertTrue(interrupted.message().startsWith("Interrupted"));
            assertEquals(JobStatus.SUCCESS, jobs.get(first.id()).orElseThrow().status());
        }
    }
}
