package org.georegistry.core.internal.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The folders FileInstall watches for bundles and configuration files: one configuration per folder ({@code deploy/}
 * from {@code etc/org.apache.felix.fileinstall-deploy.cfg}, the unpacked feature zips from
 * {@link FeatureArchiveInstaller}); and {@code etc/}, which the framework's properties have it watch.
 */
final class WatchedFolders {

    static final String FILEINSTALL_FACTORY_PID = "org.apache.felix.fileinstall";
    static final String FILEINSTALL_DIR = "felix.fileinstall.dir";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    private WatchedFolders() {}

    /** Each watched folder with its FileInstall configuration. */
    static Map<Path, Configuration> of(ConfigurationAdmin configurations, UnaryOperator<String> properties)
            throws IOException {
        Configuration[] found;
        try {
            found = configurations.listConfigurations(
                    "(&(service.factoryPid=" + FILEINSTALL_FACTORY_PID + ")(" + FILEINSTALL_DIR + "=*))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<Path, Configuration> folders = new LinkedHashMap<>();
        for (Configuration watcher : found == null ? new Configuration[0] : found) {
            folders.put(folder(watcher, properties), watcher);
        }
        return folders;
    }

    /**
     * The folder the framework's own FileInstall watcher reads the server's configuration files from ({@code etc/}
     * in the distribution), if it is set.
     */
    static Optional<Path> etc(UnaryOperator<String> properties) {
        String etc = properties.apply(FILEINSTALL_DIR);
        return etc == null ? Optional.empty() : Optional.of(Path.of(etc).toAbsolutePath().normalize());
    }

    /** The configuration's folder, with {@code ${property}} replaced as FileInstall does (the .cfg has them). */
    static Path folder(Configuration watcher, UnaryOperator<String> properties) {
        Matcher m = PLACEHOLDER.matcher(String.valueOf(watcher.getProperties().get(FILEINSTALL_DIR)));
        StringBuilder folder = new StringBuilder();
        while (m.find()) {
            String value = properties.apply(m.group(1));
            m.appendReplacement(folder, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(folder);
        return Path.of(folder.toString()).toAbsolutePath().normalize();
    }

    /**
     * The file of a bundle location FileInstall made ({@code file:} URI) inside one of {@code folders} (not the
     * folder itself); empty for every other location (the launcher's {@code reference:file:}, Pax Exam's, a test's).
     */
    static Optional<Path> fileIn(String location, List<Path> folders) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        Path file;
        try {
            file = Path.of(URI.create(location)).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return folders.stream().anyMatch(folder -> file.startsWith(folder) && !file.equals(folder))
                ? Optional.of(file) : Optional.empty();
    }

    /** The files under {@code folder} (in its sub-folders too, as FileInstall watches it here) whose name ends so. */
    static List<Path> files(Path folder, String... endings) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(f -> endsWith(f, endings) && Files.isRegularFile(f))
                    .map(f -> f.toAbsolutePath().normalize()).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // a folder changing under the walk: the next look sees it settled
        }
    }

    private static boolean endsWith(Path file, String... endings) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Arrays.stream(endings).anyMatch(name::endsWith);
    }
}
