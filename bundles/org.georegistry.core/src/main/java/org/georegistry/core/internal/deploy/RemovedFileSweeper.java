package org.georegistry.core.internal.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes FileInstall notice a bundle or configuration file that left a watched folder ({@code deploy/}) unnoticed.
 * FileInstall 3.7.4, the newest, follows the folder through the file system's change events: when a feature folder is
 * moved out of {@code deploy/} after its files have settled, the one event is the folder's own removal, which it does
 * not relate to the bundles and configurations it installed from inside, and they stayed until something else changed
 * in the folder. Uninstalling them here is no cure: FileInstall would keep the file's old record and not install it
 * again when the same folder comes back. Instead, a file found missing at two sweeps in a row (FileInstall handles a
 * deleted file itself within a poll) has FileInstall's configuration for that folder touched, and FileInstall rebuilds
 * its watcher, which compares the folder with the bundles it installed and uninstalls those whose file is gone. The
 * rebuilt watcher leaves configurations alone, so those whose file is gone are deleted here, just before.
 */
@Component(immediate = true)
public final class RemovedFileSweeper {

    /** Changed to make FileInstall rebuild the watcher; FileInstall ignores it otherwise. */
    static final String RESYNC = "georegistry.resync";
    /**
     * Between sweeps: at least FileInstall's poll (250 ms in the distribution), so that a file gone at two sweeps in a
     * row is one FileInstall had time to handle itself.
     */
    static final long SWEEP_MS = 500;

    private static final Logger LOG = LoggerFactory.getLogger(RemovedFileSweeper.class);

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final ScheduledExecutorService timer;
    /** Locations whose file was missing at the last sweep. */
    private Set<String> missingBefore = Set.of();
    /** Locations FileInstall was already made to look at again: once is enough, or nothing will help. */
    private final Set<String> resynced = new HashSet<>();

    @Activate
    public RemovedFileSweeper(BundleContext context, @Reference ConfigurationAdmin configurations) {
        this.context = context;
        this.configurations = configurations;
        this.timer = Sweeps.every(SWEEP_MS, "georegistry-deploy-sweeper", this::sweep);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    private void sweep() {
        try {
            Map<Path, Configuration> watchers = WatchedFolders.of(configurations, context::getProperty);
            Map<Path, Configuration> made = ConfigFiles.made(configurations);
            List<String> locations = new ArrayList<>();
            for (Bundle bundle : context.getBundles()) {
                locations.add(bundle.getLocation());
            }
            made.keySet().forEach(file -> locations.add(file.toUri().toString()));
            Set<String> missing = missing(locations, List.copyOf(watchers.keySet()), Files::exists);
            resynced.retainAll(missing);
            Set<Configuration> touch = new LinkedHashSet<>();
            List<Configuration> delete = new ArrayList<>();
            for (String location : missing) {
                if (missingBefore.contains(location) && resynced.add(location)) {
                    Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
                    watchers.forEach((folder, watcher) -> {
                        if (file.startsWith(folder)) {
                            touch.add(watcher);
                            LOG.info("{} was removed without FileInstall noticing; it will look at {} again", file,
                                    folder);
                        }
                    });
                    // a rebuilt watcher uninstalls the bundles of missing files, but leaves their configurations
                    Optional.ofNullable(made.get(file)).ifPresent(delete::add);
                }
            }
            missingBefore = missing;
            for (Configuration configuration : delete) {
                LOG.info("Deleting configuration {}: its file is gone", configuration.getPid());
                configuration.delete();
            }
            for (Configuration watcher : touch) {
                Dictionary<String, Object> properties = watcher.getProperties();
                properties.put(RESYNC, System.currentTimeMillis());
                watcher.update(properties);
            }
        } catch (IOException | RuntimeException e) {
            // the next sweep tries again; the timer must not die
            LOG.warn("Checking deployed files for removed ones failed: {}", e.toString());
        }
    }

    /**
     * The locations ({@code file:} URIs, as FileInstall installs) of files inside one of {@code folders} that do not
     * {@code exist}. Other locations (the launcher's {@code reference:file:}, a test's own installs elsewhere) are
     * never touched.
     */
    static Set<String> missing(List<String> locations, List<Path> folders, Predicate<Path> exists) {
        Set<String> missing = new HashSet<>();
        for (String location : locations) {
            WatchedFolders.fileIn(location, folders).filter(file -> !exists.test(file))
                    .ifPresent(file -> missing.add(location));
        }
        return missing;
    }
}
