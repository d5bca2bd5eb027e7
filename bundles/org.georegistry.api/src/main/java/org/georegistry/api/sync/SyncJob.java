package org.georegistry.api.sync;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.georegistry.api.model.RegistryView;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One running synchronization, as the core hands it to {@link SyncProvider#run}. The core implements it: it
 * stores what the provider reports (progress, per-object errors, external ids) as it is reported, so a job that
 * is interrupted keeps what the peer already confirmed.
 */
@ProviderType
public interface SyncJob {

    /** The job's identifier, for log messages. */
    String id();

    /** Settings of the external system, secrets decrypted. */
    Settings systemSettings();

    /** Settings of the synchronization configuration. */
    Settings configSettings();

    /** The identifier of the external system this job talks to. */
    String externalSystemId();

    /**
     * What this job does: {@link Capability#EXPORT} (registry to system) or {@link Capability#IMPORT} (system to
     * registry, through {@link RegistryView#save}).
     *
     * @since 1.2
     */
    Capability direction();

    /** True when the provider must validate and report, but change nothing in the external system. */
    boolean dryRun();

    /** The start of the last successful run of this configuration, empty for the first run or a full run. */
    Optional<Instant> changedSince();

    /** Read access to the registry, and the one write the provider may do: recording external ids. */
    RegistryView registry();

    /** A directory this provider may write files to; it survives restarts. */
    Path dataDirectory();

    /** Tells the client what the job is doing now, e.g. "EXPORT", and how far it got. */
    void progress(String stage, long processed, long total);

    /** Records a problem with one object; the job goes on. */
    void objectError(ObjectError error);

    /** True once a user has cancelled the job or the server is stopping: return soon. */
    boolean isCancelled();
}
