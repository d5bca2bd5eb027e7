package org.georegistry.core.internal.deploy;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Configuration files ({@code .cfg}, {@code .config}) as FileInstall 3.7.4 reads them: which configuration a file
 * sets, where the file a configuration came from is, and which file in {@code etc/} sets the same one.
 */
final class ConfigFiles {

    /** The property FileInstall adds to a configuration it made: the file's URI. */
    static final String FILENAME = "felix.fileinstall.filename";

    /** The endings of the files FileInstall reads as configurations. */
    static final String[] ENDINGS = {".cfg", ".config"};

    private ConfigFiles() {}

    /**
     * The PID FileInstall gives the file's configuration: the name without its extension, and for {@code a-b.cfg}
     * (a factory configuration named b) {@code a~b}.
     */
    static String pid(Path file) {
        String name = file.getFileName().toString();
        String base = name.substring(0, name.lastIndexOf('.'));
        int dash = base.indexOf('-');
        return dash <= 0 ? base : base.substring(0, dash) + "~" + base.substring(dash + 1);
    }

    /** Each configuration FileInstall made, by the file it came from. */
    static Map<Path, Configuration> made(ConfigurationAdmin configurations) throws IOException {
        Configuration[] made;
        try {
            made = configurations.listConfigurations("(" + FILENAME + "=*)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Map<Path, Configuration> byFile = new HashMap<>();
        for (Configuration c : made == null ? new Configuration[0] : made) {
            source(c.getProperties()).ifPresent(file -> byFile.put(file, c));
        }
        return byFile;
    }

    /** The file a configuration came from, if FileInstall made it. */
    static Optional<Path> source(Dictionary<String, Object> properties) {
        Object name = properties == null ? null : properties.get(FILENAME);
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(URI.create(name.toString())).toAbsolutePath().normalize());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file in {@code etc} that sets configuration {@code pid}, if any. */
    static Optional<Path> inEtc(Path etc, String pid) {
        String base = pid.replace('~', '-');
        return Arrays.stream(ENDINGS).map(ext -> etc.resolve(base + ext).toAbsolutePath().normalize())
                .filter(Files::isRegularFile).findFirst();
    }

    /**
     * Why FileInstall cannot read a {@code .cfg} file, or null if it can: both readers fail on the same things (an
     * unreadable file, a malformed {@code \\u} escape). A {@code .config} file is not checked.
     */
    static String unreadable(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".cfg")) {
            return null;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            new Properties().load(in);
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return "it cannot be read as a configuration: " + e.getMessage();
        }
    }
}
