package org.georegistry.core.internal.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import org.apache.felix.fileinstall.ArtifactInstaller;
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
 * Feature archives: a feature's zip (as the build makes it, {@code georegistry-feature-<name>.zip}) dropped into
 * {@code deploy/} is installed as its unpacked folder would be, removed when the zip is deleted and replaced when a
 * newer zip takes its place. FileInstall hands every {@code .zip} it watches to this installer, which unpacks it into
 * {@code features/<zip name>-<hash of its path>/} in the core bundle's data area; a second FileInstall watcher,
 * configured here, installs from there what it installs from {@code deploy/}: bundles started, {@code .cfg} files
 * applied. The data area lives in the OSGi cache, which the launcher empties at every start (when FileInstall hands
 * over the zips of {@code deploy/} again), and outlives a refresh of the core bundle, whose new watcher then finds
 * the unpacked features where they were.
 */
@Component(immediate = true, service = {ArtifactInstaller.class, FeatureArchiveInstaller.class})
public final class FeatureArchiveInstaller implements ArtifactInstaller {

    /** The name of the FileInstall configuration watching the unpacked features. */
    static final String WATCHER_NAME = "georegistry-features";

    private static final Logger LOG = LoggerFactory.getLogger(FeatureArchiveInstaller.class);

    private final Path unpacked;
    private final Path staging;
    private final Configuration watcher;
    /**
     * Per unpacked feature's folder, a file holding the path of the zip it came from, for reports that name the file
     * an administrator dropped. On disk beside the folders, as they are: both outlive a restart of this component.
     */
    private final Path sources;
    /** Zips that could not be installed, with why: for the deploy report, until a good zip replaces one or it goes. */
    private final Map<Path, String> refused = new ConcurrentHashMap<>();

    @Activate
    public FeatureArchiveInstaller(BundleContext context, @Reference ConfigurationAdmin configurations)
            throws IOException {
        unpacked = context.getDataFile("features").toPath().toAbsolutePath();
        staging = context.getDataFile("features.staging").toPath().toAbsolutePath();
        sources = context.getDataFile("features.sources").toPath().toAbsolutePath();
        Files.createDirectories(sources);
        Files.createDirectories(unpacked);
        Files.createDirectories(staging);
        watcher = configurations.getFactoryConfiguration(WatchedFolders.FILEINSTALL_FACTORY_PID, WATCHER_NAME, "?");
        watcher.update(watcherProperties(unpacked));
    }

    /** As etc/org.apache.felix.fileinstall-deploy.cfg watches deploy/. */
    static Hashtable<String, Object> watcherProperties(Path folder) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(WatchedFolders.FILEINSTALL_DIR, folder.toString());
        p.put("felix.fileinstall.poll", "250");
        p.put("felix.fileinstall.subdir.mode", "recurse");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.enableConfigSave", "false");
        p.put("felix.fileinstall.bundles.new.start", "true");
        p.put("felix.fileinstall.log.level", "3");
        return p;
    }

    @Deactivate
    void stop() throws IOException {
        watcher.delete();
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().toLowerCase(Locale.ROOT).endsWith(".zip")
                && !artifact.toPath().toAbsolutePath().startsWith(unpacked);
    }

    @Override
    public void install(File artifact) {
        unpack(artifact, "installed");
    }

    @Override
    public void update(File artifact) {
        unpack(artifact, "replaced");
    }

    @Override
    public void uninstall(File artifact) throws IOException {
        refused.remove(pathOf(artifact));
        Path folder = folderFor(artifact);
        if (Files.exists(folder)) {
            Files.deleteIfExists(sources.resolve(folder.getFileName()));
            FeatureArchive.deleteTree(folder);
            LOG.info("Feature archive {} removed: its folder is deleted, and with it its bundles", artifact);
        }
    }

    /**
     * Unpacks the zip, or says once why not. Not thrown to FileInstall, which would print the stack trace as well:
     * the zip stays registered as handled here, so a corrected zip dropped over it is an update and tried again.
     */
    private void unpack(File artifact, String done) {
        Path folder = folderFor(artifact);
        try {
            FeatureArchive.unpack(artifact.toPath(), folder, staging);
            Files.writeString(sources.resolve(folder.getFileName()), pathOf(artifact).toString());
            refused.remove(pathOf(artifact));
            LOG.info("Feature archive {} {}: unpacked into {}", artifact, done, folder);
        } catch (IOException e) {
            String why = e.getMessage()
                    + (Files.exists(folder) ? "; the feature unpacked from it before stays installed" : "");
            refused.put(pathOf(artifact), why);
            LOG.error("Feature archive {} not installed: {}", artifact, why);
        }
    }

    /** Each zip in a watched folder that could not be installed, with why (as logged when it was dropped). */
    Map<Path, String> refusals() {
        return Map.copyOf(refused);
    }

    private static Path pathOf(File artifact) {
        return artifact.toPath().toAbsolutePath().normalize();
    }

    /** The zip a file unpacked from one came from, and the file's path inside it. */
    Optional<Map.Entry<Path, Path>> archiveOf(Path file) {
        if (!file.startsWith(unpacked) || file.getNameCount() <= unpacked.getNameCount() + 1) {
            return Optional.empty();
        }
        Path folder = unpacked.resolve(unpacked.relativize(file).getName(0));
        try {
            return Optional.of(Map.entry(Path.of(Files.readString(sources.resolve(folder.getFileName())).trim()),
                    folder.relativize(file)));
        } catch (IOException e) {
            return Optional.empty(); // unpacked by an older server, or being removed
        }
    }

    /** One folder per zip: its name, and a hash of its path so that two deploy/ subfolders' zips never share one. */
    Path folderFor(File artifact) {
        String name = artifact.getName().substring(0, artifact.getName().length() - ".zip".length());
        CRC32 crc = new CRC32();
        crc.update(artifact.toPath().toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
        return unpacked.resolve(name + "-" + Long.toHexString(crc.getValue()));
    }
}
