package org.georegistry.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to start, read from the {@code launcher.properties} bnd writes when it exports the resolved run set: the
 * bundles in install order with their start levels, and the framework properties. Properties given to the JVM as
 * {@code -D} win over the build-time defaults, so {@code etc/georegistry.properties} can change the port.
 */
public final class LaunchPlan {

    /** One bundle to install from the bundles folder. */
    public record Entry(Path file, int startLevel) {}

    private static final Pattern START_LEVEL = Pattern.compile("startlevel=(\\d+)");

    private final List<Entry> bundles;
    private final Map<String, String> frameworkProperties;

    private LaunchPlan(List<Entry> bundles, Map<String, String> frameworkProperties) {
        this.bundles = List.copyOf(bundles);
        this.frameworkProperties = frameworkProperties;
    }

    public static LaunchPlan read(Path propertiesFile, Path bundleDir, Properties system) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile)) {
            p.load(in);
        }
        return of(p, bundleDir, system);
    }

    static LaunchPlan of(Properties p, Path bundleDir, Properties system) {
        int defaultLevel = Integer.parseInt(p.getProperty("launch.startlevel.default", "1").trim());
        String[] paths = split(p.getProperty("launch.bundles", ""));
        String[] attributes = split(p.getProperty("launch.runbundles.attrs", ""));
        if (attributes.length != 0 && attributes.length != paths.length) {
            throw new IllegalArgumentException("launcher.properties lists " + paths.length + " bundles but "
                    + attributes.length + " start levels");
        }
        List<Entry> bundles = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            String name = Path.of(paths[i]).getFileName().toString();
            int level = defaultLevel;
            if (attributes.length > 0) {
                Matcher m = START_LEVEL.matcher(attributes[i]);
                if (m.find()) {
                    level = Integer.parseInt(m.group(1));
                }
            }
            bundles.add(new Entry(bundleDir.resolve(name), level));
        }
        Map<String, String> framework = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("launch.")) {
                framework.put(key, system.getProperty(key, p.getProperty(key)));
            }
        }
        return new LaunchPlan(bundles, framework);
    }

    private static String[] split(String list) {
        String trimmed = list.trim();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s*,\\s*");
    }

    public List<Entry> bundles() {
        return bundles;
    }

    /** The framework configuration: the exported run properties, overridden by JVM system properties. */
    public Map<String, String> frameworkProperties() {
        return frameworkProperties;
    }
}
