package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The API's compatibility check does check: a copy of the API module, changed as a careless contributor would
 * (in {@code SyncProvider} or in the FHIR transformation SPI), is built with Maven, and bnd-baseline-maven-plugin
 * compares it with a baseline. The copy's baseline is the API as it is now (the jar this build made), as if it had
 * just been released: the committed baseline may already be a minor behind while this cycle's additions wait for a
 * release, and a change must still need the next version from where the API stands. The unchanged API passing
 * against the committed baseline is shown by every build of the real module.
 */
public class ApiBaselineIT {

    private static final String PROVIDER = "src/main/java/org/georegistry/api/sync/SyncProvider.java";
    private static final String SYNC_VERSION = "src/main/java/org/georegistry/api/sync/package-info.java";
    /** The copy's unit tests are the real module's, run by every build; here only the baseline's verdict counts. */
    private static final String SKIP_TESTS = "-DskipTests";
    private static Maven maven;
    private static Path work;

    @BeforeClass
    public static void setUp() throws IOException {
        work = GeoRegistryRuntime.workFolder("api-baseline");
        GeoRegistryRuntime.deleteTree(work);
        maven = new Maven(Path.of(System.getProperty("georegistry.mvn")), Path.of(System.getProperty("georegistry.sdk.repo")),
                Path.of(System.getProperty("georegistry.m2.shared")), Files.createDirectories(work));
    }

    @Test
    public void aMethodAddedToTheConsumerTypeSyncProviderNeedsTheNextMajor() throws IOException {
        Path api = copyOfTheApi("abstract-method");
        String current = version(api.resolve(SYNC_VERSION));
        String major = next(current, 0);
        edit(api.resolve(PROVIDER), "    String label();\n", "    String label();\n\n    String description();\n");
        assertNotEquals("the build fails", 0, maven.exitCode(api, "abstract-method", SKIP_TESTS, "verify"));
        String sync = reportLine(api, "org.georegistry.api.sync");
        assertTrue(sync, sync.startsWith("*") && sync.contains("MAJOR") && sync.contains(major));

        edit(api.resolve(SYNC_VERSION), "@Version(\"" + current + "\")", "@Version(\"" + major + "\")");
        assertEquals("with the major bump it passes", 0,
                maven.exitCode(api, "abstract-method-major", SKIP_TESTS, "verify"));
    }

    @Test
    public void aDefaultMethodNeedsTheNextMinor() throws IOException {
        Path api = copyOfTheApi("default-method");
        String current = version(api.resolve(SYNC_VERSION));
        String minor = next(current, 1);
        edit(api.resolve(PROVIDER), "    String label();\n",
                "    String label();\n\n    default String description() {\n        return label();\n    }\n");
        assertNotEquals("the build fails", 0, maven.exitCode(api, "default-method", SKIP_TESTS, "verify"));
        String sync = reportLine(api, "org.georegistry.api.sync");
        assertTrue(sync, sync.startsWith("*") && sync.contains("MINOR") && sync.contains(minor));

        edit(api.resolve(SYNC_VERSION), "@Version(\"" + current + "\")", "@Version(\"" + minor + "\")");
        assertEquals("with the minor bump it passes", 0,
                maven.exitCode(api, "default-method-minor", SKIP_TESTS, "verify"));
    }

    @Test
    public void aMethodAddedToTheTransformationSpiNeedsTheNextMajor() throws IOException {
        Path api = copyOfTheApi("transformation-spi");
        String major = next(version(api.resolve("src/main/java/org/georegistry/api/fhir/package-info.java")), 0);
        edit(api.resolve("src/main/java/org/georegistry/api/fhir/FhirImportTransformation.java"),
                "    String label();\n", "    String label();\n\n    String description();\n");
        assertNotEquals("the build fails", 0, maven.exitCode(api, "transformation-spi", SKIP_TESTS, "verify"));
        String fhir = reportLine(api, "org.georegistry.api.fhir");
        assertTrue(fhir, fhir.startsWith("*") && fhir.contains("MAJOR") && fhir.contains(major));
    }

    /** The {@code @Version} of a package-info file. */
    private static String version(Path packageInfo) throws IOException {
        Matcher m = Pattern.compile("@Version\\(\"(\\d+\\.\\d+\\.\\d+)\"\\)").matcher(Files.readString(packageInfo));
        assertTrue("no @Version in " + packageInfo, m.find());
        return m.group(1);
    }

    /** The next major (part 0) or minor (part 1) version. */
    private static String next(String version, int part) {
        String[] v = version.split("\\.");
        return part == 0 ? (Integer.parseInt(v[0]) + 1) + ".0.0" : v[0] + "." + (Integer.parseInt(v[1]) + 1) + ".0";
    }

    /** The API module and the root pom it inherits from, in the same layout. */
    private static Path copyOfTheApi(String name) throws IOException {
        Path root = Path.of(System.getProperty("georegistry.root"));
        Path copy = work.resolve(name);
        Files.createDirectories(copy);
        Files.copy(root.resolve("pom.xml"), copy.resolve("pom.xml"));
        Path source = root.resolve("bundles/org.georegistry.api");
        Path target = copy.resolve("bundles/org.georegistry.api");
        for (String part : List.of("pom.xml", "bnd.bnd", "src", "baseline")) {
            copyTree(source.resolve(part), target.resolve(part));
        }
        Path built;
        try (var jars = Files.list(source.resolve("target"))) {
            built = jars.filter(p -> p.getFileName().toString().matches("org\\.georegistry\\.api-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("the API module is not built"));
        }
        // a version of its own: Maven would otherwise take the committed baseline it cached under that version
        String baseline = "0.0.0-it" + System.nanoTime();
        Path pom = target.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replaceFirst("<api\\.baseline\\.version>[^<]*<",
                "<api.baseline.version>" + baseline + "<"));
        Files.copy(built, target.resolve("baseline/org.georegistry.api.baseline-" + baseline + ".jar"));
        return target;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.createDirectories(dest.getParent());
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void edit(Path file, String find, String replacement) throws IOException {
        String text = Files.readString(file);
        assertTrue("the source still has: " + find, text.contains(find));
        Files.writeString(file, text.replace(find, replacement));
    }

    /** The package's row of the plugin's report, e.g. {@code * org.georegistry.api.sync PACKAGE MAJOR 1.2.0 1.2.0 2.0.0}. */
    private static String reportLine(Path api, String packageName) throws IOException {
        try (var reports = Files.list(api.resolve("target/baseline"))) {
            Path report = reports.findFirst().orElseThrow();
            return Files.readAllLines(report).stream()
                    .filter(l -> l.matches("^[* ] " + packageName.replace(".", "\\.") + " .*PACKAGE.*"))
                    .findFirst().orElseThrow(() -> new AssertionError("no row for " + packageName + " in " + report));
        }
    }
}
