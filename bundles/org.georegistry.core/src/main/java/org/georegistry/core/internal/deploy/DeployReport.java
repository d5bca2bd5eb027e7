package org.georegistry.core.internal.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each file in the watched folders ({@code deploy/} and the unpacked feature zips): the bundle it
 * installed and its state, the configuration it set, or why it is not working. Also says so in the log, once per
 * problem, naming the file: a jar that is not a bundle (FileInstall skips those without a word), a component that
 * failed to activate (the component runtime prints its stack trace, but not the file) and a configuration file that
 * another one overrides. A bundle that cannot resolve and a configuration file that cannot be read FileInstall
 * logs itself, and a feature zip that cannot be unpacked its installer.
 */
@Component(immediate = true, service = DeployReport.class)
public final class DeployReport {

    /** A bundle as the report shows it. */
    public record BundleView(long id, String symbolicName, String version, String state) {}

    /**
     * One file. A jar: {@code status} is its bundle's state, or REFUSED for a file that is no bundle. A configuration
     * file: APPLIED (with the {@code configuration} it set), OVERRIDDEN (another file sets that configuration) or
     * REFUSED. {@code problem} null if none.
     */
    public record Entry(String file, String status, BundleView bundle, String problem, String configuration) {

        static Entry ofBundle(String file, String status, BundleView bundle, String problem) {
            return new Entry(file, status, bundle, problem, null);
        }

        static Entry refused(String file, String problem) {
            return new Entry(file, REFUSED, null, problem, null);
        }
    }

    /** A jar as last looked at: its size, its time and why it is no bundle (empty if it is one). */
    private record Look(long size, long modified, Optional<String> refusal) {}

    static final String REFUSED = "REFUSED";
    static final String APPLIED = "APPLIED";
    static final String OVERRIDDEN = "OVERRIDDEN";
    /** A jar changed within this long is left alone: it may still be being copied. */
    static final long SETTLE_MS = 1_000;
    static final long SWEEP_MS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(DeployReport.class);

    private final BundleContext context;
    private final ConfigurationAdmin configurations;
    private final ServiceComponentRuntime components;
    private final FeatureArchiveInstaller archives;
    /** Each jar's last look (size and time) and its refusal: a jar is opened again only when it changed. */
    private final Map<Path, Look> refusals = new ConcurrentHashMap<>();
    /** Problems already logged; one that goes away and comes back is logged again. */
    private Set<String> logged = Set.of();
    private final ScheduledExecutorService timer;

    @Activate
    public DeployReport(BundleContext context, @Reference ConfigurationAdmin configurations,
            @Reference ServiceComponentRuntime components, @Reference FeatureArchiveInstaller archives) {
        this.context = context;
        this.configurations = configurations;
        this.components = components;
        this.archives = archives;
        this.timer = Sweeps.every(SWEEP_MS, "georegistry-deploy-report", this::logNewProblems);
    }

    @Deactivate
    void stop() {
        timer.shutdownNow();
    }

    /**
     * Every file installed from or refused in a watched folder, by name; a feature zip that could not be unpacked is
     * REFUSED with the reason its installer logged.
     */
    public List<Entry> entries() throws IOException {
        List<Path> folders = folders();
        List<Entry> entries = new ArrayList<>(jarEntries(folders));
        entries.addAll(configEntries(folders));
        archives.refusals().forEach((zip, why) -> entries.add(Entry.refused(relative(zip), why)));
        entries.sort(Comparator.comparing(Entry::file));
        return entries;
    }

    private List<Path> folders() throws IOException {
        return List.copyOf(WatchedFolders.of(configurations, context::getProperty).keySet());
    }

    /** The jars: installed bundles and refused files. Their problems are what this report logs. */
    private List<Entry> jarEntries(List<Path> folders) {
        List<Entry> entries = new ArrayList<>();
        Set<Path> installed = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            Optional<Path> file = WatchedFolders.fileIn(bundle.getLocation(), folders);
            if (file.isPresent()) {
                installed.add(file.get());
                entries.add(Entry.ofBundle(display(file.get()), state(bundle.getState()), view(bundle),
                        problem(bundle)));
            }
        }
        long settled = System.currentTimeMillis() - SETTLE_MS;
        Set<Path> seen = new HashSet<>();
        for (Path folder : folders) {
            for (Path jar : WatchedFolders.files(folder, ".jar")) {
                seen.add(jar);
                if (!installed.contains(jar)) {
                    refusal(jar, settled).ifPresent(why -> entries.add(Entry.refused(display(jar), why)));
                }
            }
        }
        refusals.keySet().retainAll(seen); // files gone
        return entries;
    }

    /**
     * The configuration files: the configuration each set, or why it set none. FileInstall records the file in the
     * configuration it made ({@link ConfigFiles#FILENAME}); a settled file recorded in none was refused, or another
     * file sets the same configuration.
     */
    private List<Entry> configEntries(List<Path> folders) throws IOException {
        Map<Path, String> applied = new HashMap<>();
        Map<String, Path> sources = new HashMap<>();
        ConfigFiles.made(configurations).forEach((file, c) -> {
            applied.put(file, c.getPid());
            sources.put(c.getPid(), file);
        });
        long settled = System.currentTimeMillis() - SETTLE_MS;
        List<Entry> entries = new ArrayList<>();
        for (Path folder : folders) {
            for (Path file : WatchedFolders.files(folder, ConfigFiles.ENDINGS)) {
                String pid = applied.get(file);
                if (pid != null) {
                    entries.add(new Entry(display(file), APPLIED, null, null, pid));
                } else if (settled(file, settled)) {
                    pid = ConfigFiles.pid(file);
                    Path other = sources.get(pid);
                    if (other != null) {
                        entries.add(new Entry(display(file), OVERRIDDEN, null, overriddenBy(other, pid), pid));
                    } else {
                        String why = ConfigFiles.unreadable(file);
                        entries.add(new Entry(display(file), REFUSED, null,
                                why != null ? why : "FileInstall did not apply it (its log says why)", pid));
                    }
                }
            }
        }
        return entries;
    }

    private String overriddenBy(Path other, String pid) {
        return WatchedFolders.etc(context::getProperty).filter(other::startsWith).isPresent()
                ? relative(other) + " sets configuration " + pid + ": a file in etc/ wins over a feature's"
                : display(other) + " sets configuration " + pid + ": of two files in deploy/ the one changed last wins";
    }

    private static boolean settled(Path file, long settled) {
        try {
            return Files.getLastModifiedTime(file).toMillis() <= settled;
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private void logNewProblems() {
        try {
            Set<String> now = new HashSet<>();
            List<Path> folders = folders();
            List<Entry> entries = new ArrayList<>(jarEntries(folders));
            // a refused configuration file FileInstall logs itself; one overridden by another file nobody does
            configEntries(folders).stream().filter(e -> OVERRIDDEN.equals(e.status())).forEach(entries::add);
            for (Entry e : entries) {
                // an active bundle's problem is a failed component: the runtime's own report names no file
                boolean active = "ACTIVE".equals(e.status());
                if (e.problem() == null || !(active || REFUSED.equals(e.status()) || OVERRIDDEN.equals(e.status()))) {
                    continue;
                }
                String key = e.file() + "|" + e.problem();
                now.add(key);
                if (logged.contains(key)) {
                    continue;
                }
                if (active) {
                    LOG.error("{} ({} {}): {}", e.file(), e.bundle().symbolicName(), e.bundle().version(), e.problem());
                } else {
                    String not = e.configuration() != null ? "applied" : "installed";
                    LOG.warn("{} not {}: {}", e.file(), not, e.problem());
                }
            }
            logged = now;
        } catch (IOException | RuntimeException e) {
            // the next sweep tries again; the timer must not die
            LOG.warn("Checking the deployed files failed: {}", e.toString());
        }
    }

    private Optional<String> refusal(Path jar, long settled) {
        try {
            long modified = Files.getLastModifiedTime(jar).toMillis();
            if (modified > settled) {
                return Optional.empty();
            }
            long size = Files.size(jar);
            Look last = refusals.get(jar);
            if (last == null || last.size() != size || last.modified() != modified) {
                last = new Look(size, modified, Optional.ofNullable(BundleProblems.refusal(jar)));
                refusals.put(jar, last);
            }
            return last.refusal();
        } catch (IOException e) {
            return Optional.empty(); // gone meanwhile
        }
    }

    /** Why an installed bundle does not work, or null. */
    private String problem(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        boolean fragment = revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
        switch (bundle.getState()) {
            case Bundle.INSTALLED -> {
                if (revision == null) {
                    return null;
                }
                FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
                String unmet = BundleProblems.unmet(revision.getDeclaredRequirements(null),
                        r -> !wiring.findProviders(r).isEmpty());
                return "cannot resolve: " + (unmet == null ? "a bundle it needs cannot resolve either"
                        : "nothing installed provides " + unmet);
            }
            case Bundle.RESOLVED -> {
                return fragment ? null : "resolved but not started: its start failed (the log says why) or it was stopped";
            }
            case Bundle.ACTIVE -> {
                List<String> failed = new ArrayList<>();
                components.getComponentDescriptionDTOs(bundle).forEach(d -> components.getComponentConfigurationDTOs(d)
                        .stream().filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION)
                        .forEach(c -> failed.add("component " + d.name + " failed to activate: "
                                + BundleProblems.rootCause(c.failure))));
                return failed.isEmpty() ? null : String.join("; ", failed);
            }
            default -> {
                return null;
            }
        }
    }

    /** deploy/x.jar (relative to the server's home), or x.zip!/folder/x.jar for a file unpacked from a feature zip. */
    private String display(Path file) {
        return archives.archiveOf(file).map(e -> relative(e.getKey()) + "!/" + e.getValue()).orElseGet(() -> relative(file));
    }

    private String relative(Path file) {
        String home = context.getProperty("georegistry.home");
        Path base = home == null ? null : Path.of(home).toAbsolutePath().normalize();
        return base != null && file.startsWith(base) ? base.relativize(file).toString() : file.toString();
    }

    private static BundleView view(Bundle bundle) {
        return new BundleView(bundle.getBundleId(), bundle.getSymbolicName(), bundle.getVersion().toString(),
                state(bundle.getState()));
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
