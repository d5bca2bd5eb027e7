package org.georegistry.core.internal.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/** Says in one line why a file in {@code deploy/} is not a working bundle. */
final class BundleProblems {

    private static final Pattern NAME = Pattern.compile("\\((osgi\\.wiring\\.package|osgi\\.wiring\\.bundle|osgi\\.extender|objectClass)=([^)]+)\\)");
    private static final Pattern AT_LEAST = Pattern.compile("(?<!!)\\((?:bundle-)?version>=([^)]+)\\)");
    private static final Pattern BELOW = Pattern.compile("\\(!\\((?:bundle-)?version>=([^)]+)\\)\\)");

    private BundleProblems() {}

    /**
     * Why FileInstall will not install {@code jar}, or null when it will: as FileInstall 3.7.4 decides, a file is a
     * bundle when it opens as a jar whose manifest has a {@code Bundle-SymbolicName}; anything else it skips without
     * a word.
     */
    static String refusal(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return "it is not an OSGi bundle: it has no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue(new Attributes.Name("Bundle-SymbolicName")) == null) {
                return "it is not an OSGi bundle: its manifest has no Bundle-SymbolicName";
            }
            return null;
        } catch (IOException | SecurityException e) {
            return "it is not a readable jar file (" + e.getMessage() + ")";
        }
    }

    /**
     * The requirements no installed bundle can meet, described; null when every one has a candidate (then what
     * fails is further down: a bundle it needs cannot resolve either). Optional and dynamic imports do not count.
     */
    static String unmet(List<? extends Requirement> requirements, Predicate<Requirement> hasProvider) {
        List<String> unmet = new ArrayList<>();
        for (Requirement r : requirements) {
            String resolution = r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
            String effective = r.getDirectives().get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
            boolean optional = Namespace.RESOLUTION_OPTIONAL.equals(resolution) || "dynamic".equals(resolution);
            boolean atResolve = effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective);
            if (!optional && atResolve && !hasProvider.test(r)) {
                unmet.add(describe(r));
            }
        }
        return unmet.isEmpty() ? null : String.join("; ", unmet);
    }

    /** {@code package org.example [1.0.0,2.0.0)} rather than the resolver's filter, where the filter allows. */
    static String describe(Requirement r) {
        String filter = r.getDirectives().getOrDefault(Namespace.REQUIREMENT_FILTER_DIRECTIVE, "");
        Matcher name = NAME.matcher(filter);
        String what = switch (r.getNamespace()) {
            case "osgi.wiring.package" -> "package";
            case "osgi.wiring.bundle" -> "bundle";
            case "osgi.extender" -> "extender";
            case "osgi.service" -> "service";
            default -> r.getNamespace();
        };
        if (!name.find()) {
            return what + " " + filter;
        }
        Matcher low = AT_LEAST.matcher(filter);
        Matcher high = BELOW.matcher(filter);
        String versions = low.find() ? (high.find() ? " [" + low.group(1) + "," + high.group(1) + ")"
                : " " + low.group(1) + " or later") : "";
        return what + " " + name.group(2) + versions;
    }

    /**
     * The line that says what went wrong in a component's failure as the runtime records it (a stack trace): the
     * innermost "Caused by", else the first line.
     */
    static String rootCause(String failure) {
        if (failure == null || failure.isBlank()) {
            return "no reason recorded";
        }
        String cause = failure.lines().findFirst().orElse("").trim();
        for (String line : failure.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length()).trim();
            }
        }
        return cause;
    }
}
