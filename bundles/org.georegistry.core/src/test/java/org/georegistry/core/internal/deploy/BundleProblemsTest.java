package org.georegistry.core.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

/** The one-line reasons the deploy report and the log give for a file in deploy/ that does not work. */
class BundleProblemsTest {

    @TempDir
    Path dir;

    @Test
    void aJarIsRefusedUnlessFileInstallWouldTakeItAsABundle() throws IOException {
        Path plain = dir.resolve("plain.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(plain))) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("plain jar".getBytes());
        }
        assertEquals("it is not an OSGi bundle: it has no META-INF/MANIFEST.MF", BundleProblems.refusal(plain));

        assertEquals("it is not an OSGi bundle: its manifest has no Bundle-SymbolicName",
                BundleProblems.refusal(jar("library.jar", Map.of("Implementation-Title", "a library"))));
        assertNull(BundleProblems.refusal(jar("bundle.jar", Map.of("Bundle-SymbolicName", "org.example.b"))));

        Path text = Files.writeString(dir.resolve("broken.jar"), "not a zip at all");
        assertTrue(BundleProblems.refusal(text).startsWith("it is not a readable jar file ("), BundleProblems.refusal(text));
    }

    @Test
    void unmetRequirementsAreNamedAndOptionalOnesDoNotCount() {
        Requirement missing = requirement("osgi.wiring.package",
                "(&(osgi.wiring.package=org.example.does.not.exist)(version>=1.0.0)(!(version>=2.0.0)))", Map.of());
        Requirement optional = requirement("osgi.wiring.package", "(osgi.wiring.package=org.example.optional)",
                Map.of("resolution", "optional"));
        Requirement dynamic = requirement("osgi.wiring.package", "(osgi.wiring.package=org.example.dyn.*)",
                Map.of("resolution", "dynamic"));
        Requirement atRuntime = requirement("osgi.extender", "(osgi.extender=osgi.component)", Map.of("effective", "active"));
        Requirement bundle = requirement("osgi.wiring.bundle", "(&(osgi.wiring.bundle=org.example.lib)(bundle-version>=3.1.0))",
                Map.of());
        Requirement met = requirement("osgi.wiring.package", "(osgi.wiring.package=org.slf4j)", Map.of());
        Set<Requirement> provided = Set.of(met);

        assertEquals("package org.example.does.not.exist [1.0.0,2.0.0); bundle org.example.lib 3.1.0 or later",
                BundleProblems.unmet(List.of(missing, optional, dynamic, atRuntime, bundle, met), provided::contains));
        assertNull(BundleProblems.unmet(List.of(met, optional), provided::contains));
        assertEquals("osgi.ee (&(osgi.ee=JavaSE)(version=21))",
                BundleProblems.describe(requirement("osgi.ee", "(&(osgi.ee=JavaSE)(version=21))", Map.of())));
    }

    @Test
    void aComponentFailureIsSaidByItsInnermostCause() {
        String failure = """
                java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.NativeConstructorAccessorImpl.newInstance0(Native Method)
                Caused by: java.lang.RuntimeException: wrapped
                \tat org.example.A.<init>(A.java:3)
                Caused by: java.lang.IllegalStateException: this provider always fails to activate
                \tat org.example.B.<init>(B.java:11)
                \t... 66 more
                """;
        assertEquals("java.lang.IllegalStateException: this provider always fails to activate",
                BundleProblems.rootCause(failure));
        assertEquals("java.lang.IllegalArgumentException: bad", BundleProblems.rootCause("java.lang.IllegalArgumentException: bad\n\tat x"));
        assertEquals("no reason recorded", BundleProblems.rootCause(null));
    }

    private Path jar(String name, Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    private static Requirement requirement(String namespace, String filter, Map<String, String> directives) {
        Map<String, String> all = new java.util.HashMap<>(directives);
        all.put("filter", filter);
        return new Requirement() {
            @Override
            public String getNamespace() {
                return namespace;
            }

            @Override
            public Map<String, String> getDirectives() {
                return all;
            }

            @Override
            public Map<String, Object> getAttributes() {
                return Map.of();
            }

            @Override
            public Resource getResource() {
                return null;
            }
        };
    }
}
