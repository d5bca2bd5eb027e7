package org.georegistry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.inject.Inject;
import org.georegistry.itests.broken.ThrowingProvider;
import org.georegistry.itests.isolation.ChurningProvider;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Hot deploy through the {@code deploy/} folder, as an administrator does it: drop, replace and delete provider
 * jars while the server runs; broken jars must not hurt the core or the other providers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {

    /** The limit for a dropped bundle to be visible; the test allows more to stay robust on a busy CI. */
    private static final long VISIBLE_CAP_MS = 10_000;

    @Inject
    private BundleContext context;

    private static final String DHIS2_FEATURE_ZIP = "georegistry.dhis2.feature.zip";

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(GeoRegistryRuntime.options("hotdeploy", true));
        options.add(systemProperty(DHIS2_FEATURE_ZIP).value(GeoRegistryRuntime.required(DHIS2_FEATURE_ZIP)));
        return GeoRegistryRuntime.toFork(options);
    }

    /**
     * A feature's zip, as the build makes it, dropped into {@code deploy/} as it is: installed, replaced by a newer
     * zip of the same name, removed with the zip; a zip that is broken or would write outside its folder is refused
     * with a message naming it, the rest keeps working, and a good zip dropped over the broken one is installed.
     */
    @Test
    public void featureZipsAreInstalledReplacedAndRemoved() throws Exception {
        Http http = GeoRegistryRuntime.admin(context);
        Path deploy = deployFolder();
        Path staging = Files.createDirectories(deploy.resolveSibling("zips"));

        Jars.drop(Path.of(context.getProperty(DHIS2_FEATURE_ZIP)), deploy, "georegistry-feature-dhis2.zip");
        long visible = Await.until("the DHIS2 feature zip's provider listed", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/dhis2").status() == 200);
        System.out.println("FIGURE hot-deploy feature-zip-drop-to-visible-ms " + visible);

        // the core restarted while the server runs (as a refresh after an update of a bundle it uses does): the
        // feature it unpacked is still there for its new watcher
        Bundle core = bundle("org.georegistry.core").orElseThrow();
        core.stop();
        core.start();
        Await.until("the REST API back, with the zip's provider", 30_000, () -> {
            try {
                return http.get("/api/providers/dhis2").status() == 200;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        Thread.sleep(1_000); // four polls of the new watcher, which would uninstall what it found no file for
        assertEquals("the zip's provider stays", 200, http.get("/api/providers/dhis2").status());
        // the deploy report names the zip the administrator dropped, not the folder it was unpacked into
        JsonNode dhis2 = null;
        for (JsonNode e : http.get("/api/deployments").json()) {
            if ("org.georegistry.sync.dhis2".equals(e.path("bundle").path("symbolicName").asText())) {
                dhis2 = e;
            }
        }
        assertTrue(String.valueOf(dhis2), dhis2 != null
                && dhis2.path("file").asText().endsWith("georegistry-feature-dhis2.zip!/georegistry-feature-dhis2/"
                        + "org.georegistry.sync.dhis2.jar") && "ACTIVE".equals(dhis2.path("status").asText()));

        zip(staging.resolve("example-1.zip"), "example-feature/example.jar", exampleJar());
        Jars.drop(staging.resolve("example-1.zip"), deploy, "example-feature.zip");
        Await.until("the example feature zip's provider listed", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/example").status() == 200);
        Jars.withVersion(exampleJar(), "9.9.9", staging.resolve("example-9.9.9.jar"));
        zip(staging.resolve("example-2.zip"), "example-feature/example.jar", staging.resolve("example-9.9.9.jar"));
        Jars.drop(staging.resolve("example-2.zip"), deploy, "example-feature.zip");
        long replaced = Await.until("the newer zip's version active", VISIBLE_CAP_MS,
                () -> "9.9.9".equals(http.get("/api/providers/example").json().path("version").asText()));
        System.out.println("FIGURE hot-deploy feature-zip-replace-ms " + replaced);

        Files.writeString(staging.resolve("broken.zip"), "not a zip at all");
        Jars.drop(staging.resolve("broken.zip"), deploy, "broken-feature.zip");
        zip(staging.resolve("evil.zip"), "../../escaped.jar", exampleJar());
        Jars.drop(staging.resolve("evil.zip"), deploy, "evil-feature.zip");
        // a broken zip over a working one: refused, and what the working one installed stays
        Jars.drop(staging.resolve("broken.zip"), deploy, "example-feature.zip");
        Path log = Path.of(context.getProperty(GeoRegistryRuntime.LOG_PROPERTY));
        Await.until("the three refusals logged with the file and the reason", VISIBLE_CAP_MS, () -> {
            String text = read(log);
            return text.contains("broken-feature.zip not installed: it is not a readable zip file")
                    && text.contains("evil-feature.zip not installed: its entry '../../escaped.jar' would be written"
                            + " outside the feature's folder")
                    && text.contains("example-feature.zip not installed: it is not a readable zip file")
                    && text.contains("; the feature unpacked from it before stays installed");
        });
        assertEquals("9.9.9", http.get("/api/providers/example").json().path("version").asText());
        // the deploy report shows each refused zip with the same reason, beside what the working one installed
        Map<String, String> zips = refusedZips(http);
        assertEquals(zips.toString(), 3, zips.size());
        assertTrue(zips.toString(), zips.get("deploy/broken-feature.zip").startsWith("it is not a readable zip file"));
        assertEquals("its entry '../../escaped.jar' would be written outside the feature's folder",
                zips.get("deploy/evil-feature.zip"));
        String overWorking = zips.get("deploy/example-feature.zip");
        assertTrue(zips.toString(), overWorking.startsWith("it is not a readable zip file")
                && overWorking.endsWith("; the feature unpacked from it before stays installed"));
        try (Stream<Path> files = Files.walk(deploy.getParent())) {
            assertTrue("nothing written outside", files.noneMatch(f -> f.getFileName().toString().equals("escaped.jar")));
        }
        assertEquals("UP", http.get("/api/health").json().path("status").asText());
        assertEquals(2, http.get("/api/health").json().path("providers").asInt());

        // the administrator drops a good zip over the broken one: it is installed
        Jars.providerBundle(staging.resolve("churning.jar"), "itest.zip.churning", ChurningProvider.TYPE,
                ChurningProvider.class);
        zip(staging.resolve("fixed.zip"), "fixed/churning.jar", staging.resolve("churning.jar"));
        Jars.drop(staging.resolve("fixed.zip"), deploy, "broken-feature.zip");
        Await.until("the corrected zip's provider listed", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/" + ChurningProvider.TYPE).status() == 200);
        assertFalse("a good zip over a refused one clears its refusal",
                refusedZips(http).containsKey("deploy/broken-feature.zip"));

        for (String zip : new String[] {"georegistry-feature-dhis2.zip", "example-feature.zip", "broken-feature.zip",
            "evil-feature.zip"}) {
            Files.delete(deploy.resolve(zip));
        }
        long gone = Await.until("deleted zips' providers removed", VISIBLE_CAP_MS, () -> http.get("/api/providers/dhis2")
                .status() == 404 && http.get("/api/providers/example").status() == 404
                && http.get("/api/providers/" + ChurningProvider.TYPE).status() == 404);
        System.out.println("FIGURE hot-deploy feature-zip-delete-to-gone-ms " + gone);
        assertEquals("deleted zips leave no refusal behind", Map.of(), refusedZips(http));
    }

    /** The deploy report's refused zips: file (relative to the server's home) to problem. */
    private static Map<String, String> refusedZips(Http http) {
        Map<String, String> refused = new HashMap<>();
        http.get("/api/deployments").json().forEach(e -> {
            if (e.path("file").asText().endsWith(".zip")) {
                assertEquals(e.toString(), "REFUSED", e.path("status").asText());
                refused.put(e.path("file").asText(), e.path("problem").asText());
            }
        });
        return refused;
    }

    /** A zip with one entry holding {@code content}. */
    private static void zip(Path zip, String entry, Path content) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry(entry));
            Files.copy(content, out);
            out.closeEntry();
        }
    }

    /**
     * Feature folders side by side, as a server with the DHIS2, FHIR and Reveal features has them: removing one
     * folder (moved out, or deleted) removes its provider and leaves the others. FileInstall 3.7.4 alone never
     * noticed a folder moved out once its files had settled (the file system reports the folder's removal, not its
     * files'); the core's RemovedFileSweeper then has FileInstall look at the folder again.
     */
    @Test
    public void featureFoldersAreRemovedOneByOne() throws Exception {
        Http http = GeoRegistryRuntime.admin(context);
        Path deploy = deployFolder();
        Path outside = Files.createDirectories(deploy.resolveSibling("features-outside"));
        Path example = Files.createDirectories(outside.resolve("example"));
        Files.copy(exampleJar(), example.resolve("example.jar"));
        Path churning = Files.createDirectories(outside.resolve("churning"));
        Jars.providerBundle(churning.resolve("churning.jar"), "itest.folder.churning", ChurningProvider.TYPE,
                ChurningProvider.class);
        Files.move(example, deploy.resolve("example"));
        Files.move(churning, deploy.resolve("churning"));
        Await.until("both folders' providers listed", VISIBLE_CAP_MS, () -> http.get("/api/providers/example").status()
                == 200 && http.get("/api/providers/" + ChurningProvider.TYPE).status() == 200);

        // an administrator removes a feature long after deploying it: by then FileInstall has stopped watching its
        // files as recently changed (two polls after they last changed), which is when it missed the removal
        Thread.sleep(2_000);
        Files.move(deploy.resolve("example"), example);
        long gone = Await.until("the moved-out folder's provider removed", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/example").status() == 404);
        System.out.println("FIGURE hot-deploy folder-moved-out-to-gone-ms " + gone);
        assertEquals(200, http.get("/api/providers/" + ChurningProvider.TYPE).status());

        Files.move(example, deploy.resolve("example"));
        Await.until("the folder moved back in is deployed again", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/example").status() == 200);

        deleteTree(deploy.resolve("churning"));
        deleteTree(deploy.resolve("example"));
        Await.until("deleted folders' providers removed", VISIBLE_CAP_MS, () -> http.get("/api/providers/example")
                .status() == 404 && http.get("/api/providers/" + ChurningProvider.TYPE).status() == 404);
        assertFalse(bundleInstalled("itest.folder.churning"));
    }

    /**
     * A feature folder with configuration files, as README's "features" describe them: the deploy report says which
     * configuration each file set, or why none; a file for a configuration {@code etc/} also sets leaves etc/'s
     * (FileInstall alone applied the file it saw last, and deleted the configuration when the feature went); and a
     * folder moved out after its files settled takes its configurations with it (FileInstall alone missed that).
     */
    @Test
    public void featureConfigurationFilesAreReportedAndEtcKeepsTheLastWord() throws Exception {
        Http http = GeoRegistryRuntime.admin(context);
        Path deploy = deployFolder();
        Path etc = Path.of(context.getProperty("felix.fileinstall.dir"));
        ConfigurationAdmin admin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Files.writeString(etc.resolve("itest.shared.cfg"), "source=etc\n");
        Await.until("etc/'s file applied", VISIBLE_CAP_MS, () -> "etc".equals(value(admin, "itest.shared")));

        try {
            Path feature = Files.createDirectories(deploy.resolveSibling("config-features").resolve("configured"));
            Files.writeString(feature.resolve("itest.shared.cfg"), "source=feature\n");
            Files.writeString(feature.resolve("itest.own.cfg"), "source=feature\n");
            Files.writeString(feature.resolve("itest.broken.cfg"), "a=1\nb=\\uZZZZ\n");
            Files.move(feature, deploy.resolve("configured"));
            Await.until("the three files reported", VISIBLE_CAP_MS, () -> configFiles(http).size() == 3);
            Map<String, JsonNode> report = configFiles(http);
            assertEquals(report.toString(), "APPLIED", report.get("itest.own.cfg").path("status").asText());
            assertEquals("itest.own", report.get("itest.own.cfg").path("configuration").asText());
            assertEquals("feature", value(admin, "itest.own"));
            JsonNode broken = report.get("itest.broken.cfg");
            assertEquals(broken.toString(), "REFUSED", broken.path("status").asText());
            assertTrue(broken.toString(), broken.path("problem").asText()
                    .startsWith("it cannot be read as a configuration: Malformed \\uxxxx encoding"));
            JsonNode shared = report.get("itest.shared.cfg");
            assertEquals(shared.toString(), "OVERRIDDEN", shared.path("status").asText());
            assertTrue(shared.toString(), shared.path("problem").asText().endsWith(
                    "itest.shared.cfg sets configuration itest.shared: a file in etc/ wins over a feature's"));
            Await.until("etc/'s value back", VISIBLE_CAP_MS, () -> "etc".equals(value(admin, "itest.shared")));
            // logged once, naming the file (FileInstall logs the unreadable one itself)
            Path log = Path.of(context.getProperty(GeoRegistryRuntime.LOG_PROPERTY));
            Thread.sleep(2 * 1_000);
            assertEquals(1, occurrences(log, "configured/itest.shared.cfg not applied: "));
            assertEquals("etc", value(admin, "itest.shared"));

            // the feature moved out long after it was dropped: its own configuration goes, etc/'s stays
            Files.move(deploy.resolve("configured"), feature);
            Await.until("the moved-out folder's configuration deleted", VISIBLE_CAP_MS,
                    () -> value(admin, "itest.own") == null);
            Thread.sleep(1_000);
            assertEquals("etc", value(admin, "itest.shared"));
            assertEquals(Map.of(), configFiles(http));
            // and back in: applied again
            Files.move(feature, deploy.resolve("configured"));
            Await.until("the folder moved back in applied again", VISIBLE_CAP_MS,
                    () -> "feature".equals(value(admin, "itest.own")));

            // changed, then deleted: etc/'s stays; FileInstall deletes the feature's own configuration
            String overriding = "configured/itest.shared.cfg set configuration itest.shared, which ";
            int before = occurrences(log, overriding);
            Files.writeString(deploy.resolve("configured/itest.shared.cfg"), "source=feature again\n");
            Await.until("the changed file applied, then etc/'s again", VISIBLE_CAP_MS,
                    () -> occurrences(log, overriding) > before && "etc".equals(value(admin, "itest.shared")));
            deleteTree(deploy.resolve("configured"));
            Await.until("the deleted folder's configuration gone", VISIBLE_CAP_MS,
                    () -> value(admin, "itest.own") == null);
            Thread.sleep(1_000);
            assertEquals("etc", value(admin, "itest.shared"));
            Files.delete(etc.resolve("itest.shared.cfg"));
            Await.until("etc/'s file deleted, its configuration too", VISIBLE_CAP_MS,
                    () -> value(admin, "itest.shared") == null);
        } finally {
            // nothing left for the other tests' deploy report, whatever failed above
            deleteTree(deploy.resolve("configured"));
            Files.deleteIfExists(etc.resolve("itest.shared.cfg"));
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    /** The property "source" of configuration {@code pid}, or null if there is no such configuration. */
    private static String value(ConfigurationAdmin admin, String pid) {
        try {
            org.osgi.service.cm.Configuration[] found = admin.listConfigurations("(service.pid=" + pid + ")");
            return found == null ? null : String.valueOf(found[0].getProperties().get("source"));
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deploy report's configuration files, by file name. */
    private static Map<String, JsonNode> configFiles(Http http) {
        Map<String, JsonNode> files = new HashMap<>();
        http.get("/api/deployments").json().forEach(e -> {
            if (e.path("file").asText().endsWith(".cfg")) {
                files.put(Path.of(e.path("file").asText()).getFileName().toString(), e);
            }
        });
        return files;
    }

    @Test
    public void droppedProviderAppearsIsReplacedByANewerVersionAndDisappearsWhenDeleted() throws Exception {
        Http http = GeoRegistryRuntime.admin(context);
        Path deploy = deployFolder();
        Path example = exampleJar();

        Jars.drop(example, deploy, "example-provider.jar");
        long visible = Await.until("dropped provider listed", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/example").status() == 200);
        System.out.println("FIGURE hot-deploy drop-to-visible-ms " + visible);
        String firstVersion = http.get("/api/providers/example").json().path("version").asText();

        // a newer build dropped under the same name replaces the running one
        Path newer = deploy.resolveSibling("example-9.9.9.jar");
        Jars.withVersion(example, "9.9.9", newer);
        Jars.moveIntoPlace(newer, deploy.resolve("example-provider.jar"));
        long replaced = Await.until("newer version active", VISIBLE_CAP_MS,
                () -> "9.9.9".equals(http.get("/api/providers/example").json().path("version").asText()));
        System.out.println("FIGURE hot-deploy replace-ms " + replaced + " (was " + firstVersion + ")");
        assertEquals(1, http.get("/api/health").json().path("providers").asInt());

        Files.delete(deploy.resolve("example-provider.jar"));
        long removed = Await.until("provider removed", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/example").status() == 404);
        System.out.println("FIGURE hot-deploy delete-to-gone-ms " + removed);
    }

    /**
     * An administrator copies a jar straight into {@code deploy/} and the copy stalls half way (a slow disk or network
     * share): FileInstall looks at a file once it is unchanged between two scans, so it sees the truncated jar, which
     * is no bundle yet; once the copy completes the jar must be installed all the same, without touching it again.
     */
    @Test
    public void aJarCopiedSlowlyIntoPlaceIsInstalledOnceComplete() throws Exception {
        Http http = GeoRegistryRuntime.admin(context);
        Path deploy = deployFolder();
        byte[] jar = Files.readAllBytes(exampleJar());
        Path target = deploy.resolve("slow-example.jar");
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(jar, 0, jar.length / 2);
            out.flush();
            // four polls of the shipped 250 ms: FileInstall sees a settled, truncated jar
            Thread.sleep(1_000);
            assertEquals(404, http.get("/api/providers/example").status());
            out.write(jar, jar.length / 2, jar.length - jar.length / 2);
        }
        Await.until("the completed jar's provider listed", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/example").status() == 200);

        Files.delete(target);
        Await.until("provider removed", VISIBLE_CAP_MS, () -> http.get("/api/providers/example").status() == 404);
    }

    @Test
    public void brokenJarsAreContainedAndTheCoreKeepsServing() throws Exception {
        Http http = GeoRegistryRuntime.admin(context);
        Path deploy = deployFolder();
        Path staging = Files.createDirectories(deploy.resolveSibling("staging"));

        // 1. a jar that is not a bundle (no OSGi headers)
        Jars.write(staging.resolve("not-a-bundle.jar"), Map.of(),
                Map.of("readme.txt", "plain jar".getBytes(StandardCharsets.UTF_8)));
        // 2. a bundle whose imports cannot be resolved
        Jars.write(staging.resolve("unresolvable.jar"), Map.of(
                "Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", "itest.unresolvable",
                "Bundle-Version", "1.0.0",
                "Import-Package", "org.example.does.not.exist;version=\"[1,2)\""), Map.of());
        // 3. a provider whose component throws on activation
        Jars.providerBundle(staging.resolve("throwing.jar"), "itest.throwing", "throwing", ThrowingProvider.class);

        for (String name : new String[] {"not-a-bundle.jar", "unresolvable.jar", "throwing.jar"}) {
            Jars.drop(staging.resolve(name), deploy, name);
        }
        Jars.drop(exampleJar(), deploy, "example.jar");

        Await.until("the good provider still deploys", VISIBLE_CAP_MS,
                () -> http.get("/api/providers/example").status() == 200);
        Await.until("the throwing bundle was installed", VISIBLE_CAP_MS, () -> bundleInstalled("itest.throwing"));
        JsonNode health = http.get("/api/health").json();
        assertEquals("UP", health.path("status").asText());
        assertEquals("only the working provider counts", 1, health.path("providers").asInt());
        String providers = http.get("/api/providers").body();
        assertFalse(providers, providers.contains("throwing"));
        assertTrue(bundleInstalled("itest.unresolvable"));
        assertEquals(404, http.get("/api/providers/throwing").status());

        // what each file became, for the console: the reasons, not only the log's
        Await.until("the deploy report gives each file's problem", VISIBLE_CAP_MS, () -> {
            String report = http.get("/api/deployments").body();
            return report.contains("this provider always fails to activate")
                    && report.contains("org.example.does.not.exist [1.0.0,2.0.0)")
                    && report.contains("its manifest has no Bundle-SymbolicName");
        });
        Map<String, JsonNode> report = new HashMap<>();
        http.get("/api/deployments").json().forEach(e -> report.put(Path.of(e.path("file").asText()).getFileName().toString(), e));
        assertEquals("REFUSED", report.get("not-a-bundle.jar").path("status").asText());
        assertEquals("it is not an OSGi bundle: its manifest has no Bundle-SymbolicName",
                report.get("not-a-bundle.jar").path("problem").asText());
        assertEquals("INSTALLED", report.get("unresolvable.jar").path("status").asText());
        assertEquals("cannot resolve: nothing installed provides package org.example.does.not.exist [1.0.0,2.0.0)",
                report.get("unresolvable.jar").path("problem").asText());
        assertEquals("itest.throwing", report.get("throwing.jar").path("bundle").path("symbolicName").asText());
        assertEquals("component itest.throwing failed to activate: java.lang.IllegalStateException: this provider"
                + " always fails to activate", report.get("throwing.jar").path("problem").asText());
        assertEquals("ACTIVE", report.get("example.jar").path("status").asText());
        assertTrue(report.get("example.jar").toString(), report.get("example.jar").path("problem").asText("").isEmpty());
        // the log names the file and the reason once: FileInstall skips a jar that is no bundle without a word,
        // and the component runtime's own report of the failed activation names no file
        Path log = Path.of(context.getProperty(GeoRegistryRuntime.LOG_PROPERTY));
        Await.until("the refusal and the failed activation logged", VISIBLE_CAP_MS, () -> occurrences(log,
                "not-a-bundle.jar not installed: it is not an OSGi bundle") == 1 && occurrences(log,
                "throwing.jar (itest.throwing 1.0.0): component ") == 1);
        Thread.sleep(2 * 1_000); // two more sweeps of the report: still once each
        assertEquals(1, occurrences(log, "not-a-bundle.jar not installed: it is not an OSGi bundle"));
        assertEquals(1, occurrences(log, "throwing.jar (itest.throwing 1.0.0): component "));

        for (String name : new String[] {"not-a-bundle.jar", "unresolvable.jar", "throwing.jar", "example.jar"}) {
            Files.delete(deploy.resolve(name));
        }
        Await.until("all removed", VISIBLE_CAP_MS,
                () -> !bundleInstalled("itest.throwing") && !bundleInstalled("itest.unresolvable")
                        && http.get("/api/providers/example").status() == 404);
        Await.until("the deploy report empty again", VISIBLE_CAP_MS,
                () -> http.get("/api/deployments").json().isEmpty());
    }

    private static int occurrences(Path log, String text) {
        return read(log).split(Pattern.quote(text), -1).length - 1;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path deployFolder() {
        return Path.of(context.getProperty(GeoRegistryRuntime.DEPLOY_PROPERTY));
    }

    private Path exampleJar() {
        return Path.of(context.getProperty(GeoRegistryRuntime.EXAMPLE_JAR_PROPERTY));
    }

    private boolean bundleInstalled(String symbolicName) {
        return bundle(symbolicName).isPresent();
    }

    private Optional<Bundle> bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }
}
