package org.georegistry.core.internal.jobs;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.georegistry.api.sync.PeerUnavailableException;
import org.georegistry.core.internal.model.Direction;
import org.georegistry.core.internal.model.ExternalSystem;
import org.georegistry.core.internal.model.Job;
import org.georegistry.core.internal.model.JobStatus;
import org.georegistry.core.internal.model.SyncConfig;
import org.georegistry.core.internal.providers.InstalledProvider;
import org.georegistry.core.internal.providers.ProviderRegistry;
import org.georegistry.core.internal.rest.ApiException;
import org.georegistry.core.internal.registry.ImportWriter;
import org.georegistry.core.internal.registry.Registry;
import org.georegistry.core.internal.registry.StoredRegistryView;
import org.georegistry.core.internal.rest.Paging;
import org.georegistry.core.internal.store.JobStore;
import org.georegistry.core.internal.store.Storage;
import org.georegistry.core.internal.store.SyncStorage;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs synchronization jobs on a bounded worker pool, one job per configuration at a time. A job row is written
 * before the job is queued, so a crash leaves a trace that the next start marks as interrupted.
 */
@Component(service = {SyncRuns.class, JobEngine.class}, immediate = true, configurationPid = JobEngine.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = JobEngine.Config.class)
public final class JobEngine implements SyncRuns {

    public static final String PID = "org.georegistry.jobs";
    /** The stage of a job that failed because its peer could not be reached or stayed unavailable. */
    static final String CONNECTION_FAILED = "CONNECTION_FAILED";

    @ObjectClassDefinition(name = "GeoRegistry jobs")
    public @interface Config {
        @AttributeDefinition(description = "Jobs running at the same time")
        int workers() default 2;

        @AttributeDefinition(description = "Jobs waiting for a worker before run requests are refused")
        int maxQueued() default 100;

        @AttributeDefinition(description = "Seconds a job may run; then it ends as FAILURE (stage TIMED_OUT) and its"
                + " provider is interrupted")
        long timeoutSeconds() default 6 * 3600;

        @AttributeDefinition(description = "Seconds a cancelled job's provider has to stop before the job is ended"
                + " without it")
        long cancelGraceSeconds() default 30;
    }

    /** How often a running job is checked for its timeout, its cancellation and its provider's presence. */
    static final long CHECK_EVERY_MS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(JobEngine.class);

    private final SyncStorage sync;
    private final Registry registry;
    private final Storage storage;
    private final ProviderRegistry providers;
    private final JobEvents events;
    private final JobStore jobs;
    private final Path dataDirectory;
    private final ThreadPoolExecutor workers;
    private final Map<Long, RunningJob> active = new ConcurrentHashMap<>();
    private final long timeoutMillis;
    private final long cancelGraceMillis;

    @Activate
    public JobEngine(@Reference Registry registry, @Reference SyncStorage sync, @Reference ProviderRegistry providers,
            @Reference JobEvents events, BundleContext context, Config config) {
        this(registry, sync, providers, events, Storage.dataDirectory(context), config.workers(), config.maxQueued(),
                config.timeoutSeconds() * 1000, config.cancelGraceSeconds() * 1000);
    }

    JobEngine(Registry registry, SyncStorage sync, ProviderRegistry providers, JobEvents events, Path dataDirectory,
            int workerCount, int maxQueued) {
        this(registry, sync, providers, events, dataDirectory, workerCount, maxQueued, 6 * 3600_000L, 30_000L);
    }

    JobEngine(Registry registry, SyncStorage sync, ProviderRegistry providers, JobEvents events, Path dataDirectory,
            int workerCount, int maxQueued, long timeoutMillis, long cancelGraceMillis) {
        this.timeoutMillis = Math.max(1, timeoutMillis);
        this.cancelGraceMillis = Math.max(0, cancelGraceMillis);
        this.registry = registry;
        this.storage = registry.storage();
        this.sync = sync;
        this.providers = providers;
        this.events = events;
        this.dataDirectory = dataDirectory;
        this.jobs = new JobStore(storage.database());
        int interrupted = jobs.markInterrupted();
        if (interrupted > 0) {
            LOG.warn("{} sync job(s) were interrupted by the last shutdown and are marked failed", interrupted);
        }
        AtomicInteger n = new AtomicInteger();
        int size = Math.max(1, workerCount);
        this.workers = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1, maxQueued)), r -> {
                    Thread t = new Thread(r, "georegistry-job-supervisor-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Import jobs may write through the registry's checks; export jobs only read. */
    private StoredRegistryView view(SyncConfig config, ExternalSystem system, boolean dryRun) {
        return config.direction() == Direction.IMPORT
                ? new StoredRegistryView(storage, system.id(), new ImportWriter(registry, system.id(), dryRun))
                : new StoredRegistryView(storage, system.id());
    }

    public JobStore store() {
        return jobs;
    }

    @Override
    public Response run(SyncConfig config, String username, boolean dryRun, boolean full) {
        Job job = submit(config, username, dryRun, full);
        return Response.accepted(job).location(URI.create("/api/jobs/" + job.id())).build();
    }

    /** Queues a job; the checks that can fail come before the job row is written. */
    public Job submit(SyncConfig config, String username, boolean dryRun, boolean full) {
        ExternalSystem system = sync.externalSystems().get(config.externalSystem()).orElseThrow(
                () -> ApiException.conflict("The external system '" + config.externalSystem() + "' no longer exists"));
        InstalledProvider provider = providers.find(system.type()).orElseThrow(() -> ApiException.conflict(
                "The provider for systems of type '" + system.type() + "' is not installed, so this configuration"
                        + " cannot run; installed types: " + providers.types()
                        + ". Deploy the provider bundle and run it again."));
        Instant changedSince = full ? null : config.lastSuccess();
        RunningJob running;
        synchronized (active) {
            if (active.containsKey(config.id()) || jobs.active(config.id())) {
                throw ApiException.conflict("A job of this configuration is already queued or running");
            }
            Job job = jobs.create(config.id(), username, dryRun, full || config.lastSuccess() == null, changedSince);
            Path dir = dataDirectory.resolve("providers").resolve(system.type()).resolve(system.id());
            running = new RunningJob(job, config, system, view(config, system, dryRun), dir, jobs, events);
            active.put(config.id(), running);
        }
        try {
            workers.execute(() -> supervise(running, provider));
        } catch (RejectedExecutionException e) {
            active.remove(config.id());
            jobs.finish(running.job().id(), JobStatus.FAILURE, "QUEUE_FULL", "Too many jobs are waiting; try again later");
            throw ApiException.unavailable("Too many jobs are waiting; try again later");
        }
        LOG.info("Job {} queued for configuration {} ({}{})", running.job().id(), config.id(), system.type(),
                dryRun ? ", dry run" : "");
        return running.job();
    }

    /**
     * Runs a job on a thread of its own and watches it: the job ends when its provider returns, or as soon as its
     * timeout passes, its provider is removed, or a cancellation is not obeyed within the grace period. In those
     * cases the provider's thread is interrupted and abandoned (Java cannot stop it), and the worker slot is free
     * for the next job at once: a provider that blocks forever costs one idle thread, never the queue.
     */
    private void supervise(RunningJob running, InstalledProvider provider) {
        long id = running.job().id();
        if (running.isCancelled()) {
            end(running, JobStatus.CANCELLED, "CANCELLED", "Cancelled before it started", null);
            return;
        }
        jobs.started(id);
        events.publish(running.snapshot(JobStatus.RUNNING));
        Instant start = Instant.now();
        Thread worker = new Thread(() -> work(running, provider, start), "georegistry-job-" + id + "-" + provider.type());
        worker.setDaemon(true);
        running.attach(worker);
        worker.start();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long cancelDeadline = Long.MAX_VALUE;
        try {
            while (!running.awaitEnd(CHECK_EVERY_MS)) {
                long now = System.currentTimeMillis();
                if (!providers.installed(provider.serviceId())) {
                    abandon(running, worker, JobStatus.FAILURE, "PROVIDER_REMOVED", "The '" + provider.type()
                            + "' provider was removed while the job ran; what the external system had confirmed"
                            + " was kept, run it again once the provider is back");
                } else if (now >= deadline) {
                    abandon(running, worker, JobStatus.FAILURE, "TIMED_OUT", "The job did not finish within "
                            + timeoutMillis / 1000.0 + " s (org.georegistry.jobs timeoutSeconds) and was stopped");
                } else if (running.cancelRequested() && cancelDeadline == Long.MAX_VALUE) {
                    cancelDeadline = now + cancelGraceMillis;
                } else if (now >= cancelDeadline) {
                    abandon(running, worker, JobStatus.CANCELLED, "CANCELLED", "Cancelled; the provider did not stop"
                            + " within " + cancelGraceMillis / 1000.0 + " s and was left behind");
                }
            }
        } catch (InterruptedException e) {
            // the engine stops: the job stays RUNNING in the database and is marked interrupted at the next start
            worker.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    private void abandon(RunningJob running, Thread worker, JobStatus status, String stage, String message) {
        if (end(running, status, stage, message, null)) {
            LOG.warn("Job {}: {}", running.job().id(), message);
        }
        worker.interrupt();
    }

    /** The provider's side of a job, on its own thread. */
    private void work(RunningJob running, InstalledProvider provider, Instant start) {
        long id = running.job().id();
        JobStatus status;
        String message = null;
        String stage = null;
        try {
            provider.provider().run(running);
            if (running.isCancelled()) {
                status = JobStatus.CANCELLED;
                stage = "CANCELLED";
                message = "Cancelled";
            } else if (running.errors() > 0) {
                status = JobStatus.FAILURE;
                message = running.errors() + " object(s) failed; see the job's errors";
            } else {
                status = running.warnings() > 0 ? JobStatus.WARNING : JobStatus.SUCCESS;
            }
        } catch (Throwable e) { // a provider's Error (a StackOverflowError, say) must end its job too
            if (running.cancelRequested()) {
                // the interrupt that cancellation sends surfaces as an exception in most code: it was asked for
                end(running, JobStatus.CANCELLED, "CANCELLED", "Cancelled", null);
                return;
            }
            status = JobStatus.FAILURE;
            // "the peer is down" is a different thing to fix than "the data was refused"
            stage = PeerUnavailableException.in(e) ? CONNECTION_FAILED : "FAILED";
            message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!running.ended()) {
                LOG.warn("Job {} of provider {} failed: {}", id, provider.type(), message);
            }
        }
        end(running, status, stage, message, start);
    }

    /**
     * Ends a job once: stores its last progress and its outcome and frees its configuration. Answers false when it
     * had already ended (a provider returning after its job timed out, say).
     */
    private boolean end(RunningJob running, JobStatus status, String stage, String message, Instant start) {
        if (!running.end()) {
            return false;
        }
        long id = running.job().id();
        try {
            running.flush();
            if (start != null && (status == JobStatus.SUCCESS || status == JobStatus.WARNING) && !running.dryRun()) {
                // an incremental run starts where this one started: changes made while it ran are taken next time
                sync.syncConfigs().markSuccess(running.config().id(), start);
            }
            jobs.finish(id, status, stage, message);
        } finally {
            active.remove(running.config().id());
        }
        jobs.get(id).ifPresent(events::publish);
        LOG.info("Job {} finished: {}", id, status);
        return true;
    }

    /** Asks a job to stop; a queued job is cancelled at once. Answers false when it is not active. */
    public boolean cancel(long jobId) {
        for (RunningJob r : active.values()) {
            if (r.job().id() == jobId) {
                r.cancel();
                return true;
            }
        }
        return false;
    }

    @Override
    public Object history(SyncConfig config, int page, int pageSize) {
        Paging.check(page, pageSize);
        return jobs.history(config.id(), page, pageSize);
    }

    @Override
    public boolean busy(long configId) {
        return active.containsKey(configId) || jobs.active(configId);
    }

    public Optional<SyncConfig> configOf(Job job) {
        return sync.syncConfigs().get(job.configId());
    }

    @Deactivate
    void stop() {
        active.values().forEach(RunningJob::cancel);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                LOG.warn("Jobs still running at shutdown were interrupted; they are marked failed at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
