package org.georegistry.core.internal.jobs;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.georegistry.api.model.RegistryView;
import org.georegistry.api.sync.Capability;
import org.georegistry.api.sync.ObjectError;
import org.georegistry.api.sync.Settings;
import org.georegistry.api.sync.SyncJob;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.model.Job;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.store.JobStore;

/**
 * One job as its provider sees it. Progress is written to the database at most once a second (and always at the
 * end) so a provider reporting every object does not turn into a write per object; errors are written at once.
 */
final class RunningJob implements SyncJob {

    static final long STORE_EVERY_MS = 1000;
    static final long PUBLISH_EVERY_MS = 250;

    private final Job job;
    private final SyncConfig config;
    private final ExternalSystem system;
    private final RegistryView registry;
    private final Path dataDirectory;
    private final JobStore store;
    private final JobEvents events;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final java.util.concurrent.CountDownLatch endSignal = new java.util.concurrent.CountDownLatch(1);
    private volatile Thread worker;

    private volatile String stage = "QUEUED";
    private volatile long processed;
    private volatile long total = -1;
    private long errors;
    private long warnings;
    private long lastStored;
    private long lastPublished;

    RunningJob(Job job, SyncConfig config, ExternalSystem system, RegistryView registry, Path dataDirectory,
            JobStore store, JobEvents events) {
        this.job = job;
        this.config = config;
        this.system = system;
        this.registry = registry;
        this.dataDirectory = dataDirectory;
        this.store = store;
        this.events = events;
    }

    Job job() {
        return job;
    }

    SyncConfig config() {
        return config;
    }

    /** Asks the provider to stop: {@link #isCancelled()} turns true and its thread is interrupted. */
    void cancel() {
        cancelled.set(true);
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }

    boolean cancelRequested() {
        return cancelled.get();
    }

    void attach(Thread workerThread) {
        this.worker = workerThread;
        if (cancelled.get()) {
            workerThread.interrupt();
        }
    }

    /** Marks the job ended; true for the one caller that ends it. */
    boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        endSignal.countDown();
        return true;
    }

    boolean ended() {
        return ended.get();
    }

    boolean awaitEnd(long millis) throws InterruptedException {
        return endSignal.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public String id() {
        return Long.toString(job.id());
    }

    @Override
    public Settings systemSettings() {
        return system.providerSettings();
    }

    @Override
    public Settings configSettings() {
        Map<String, Object> all = new LinkedHashMap<>(config.settings());
        if (config.hierarchy() != null) {
            all.putIfAbsent("hierarchy", config.hierarchy());
        }
        return Settings.of(all);
    }

    @Override
    public String externalSystemId() {
        return system.id();
    }

    @Override
    public Capability direction() {
        return Capability.valueOf(config.direction().name());
    }

    @Override
    public boolean dryRun() {
        return job.dryRun();
    }

    @Override
    public Optional<Instant> changedSince() {
        return Optional.ofNullable(job.changedSince());
    }

    @Override
    public RegistryView registry() {
        return registry;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized void progress(String stage, long processed, long total) {
        if (ended.get()) {
            return; // a provider still going after its job timed out or was abandoned
        }
        this.stage = stage == null ? this.stage : stage;
        this.processed = processed;
        this.total = total;
        long now = System.currentTimeMillis();
        if (now - lastStored >= STORE_EVERY_MS) {
            lastStored = now;
            store.progress(job.id(), this.stage, processed, total);
        }
        if (now - lastPublished >= PUBLISH_EVERY_MS) {
            lastPublished = now;
            events.publish(snapshot(org.georegistry.core.internal.model.JobStatus.RUNNING));
        }
    }

    @Override
    public synchronized void objectError(ObjectError error) {
        if (error == null || ended.get()) {
            return;
        }
        store.addError(job.id(), error);
        if (error.severity() == ObjectError.Severity.WARNING) {
            warnings++;
        } else {
            errors++;
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get() || ended.get() || Thread.currentThread().isInterrupted();
    }

    synchronized long errors() {
        return errors;
    }

    synchronized long warnings() {
        return warnings;
    }

    /** Writes the last progress the provider reported. */
    synchronized void flush() {
        store.progress(job.id(), stage, processed, total);
    }

    synchronized Job snapshot(org.georegistry.core.internal.model.JobStatus status) {
        return new Job(job.id(), job.configId(), status, stage, processed, total, errors, warnings, job.dryRun(),
                job.fullRun(), job.changedSince(), null, job.createdBy(), job.created(), job.started(), null);
    }
}
