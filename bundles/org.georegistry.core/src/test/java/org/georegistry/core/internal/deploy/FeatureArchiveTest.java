package org.georegistry.core.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking a feature's zip: whole or not at all, never outside its folder. */
class FeatureArchiveTest {

    @TempDir
    Path dir;

    /** A zip of the entries given as name, content, name, content... in that order. */
    private Path zip(String name, String... entries) throws IOException {
        Path zip = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < entries.length; i += 2) {
                out.putNextEntry(new ZipEntry(entries[i]));
                out.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    @Test
    void aFeatureZipIsUnpackedAndANewerOneReplacesItWhole() throws IOException {
        Path target = dir.resolve("features/fhir");
        FeatureArchive.unpack(zip("v1.zip", "georegistry-feature-fhir/org.georegistry.sync.fhir.jar", "v1",
                "georegistry-feature-fhir/org.georegistry.fhir.cfg", "a=1"), target, dir.resolve("staging"));
        assertEquals(List.of("georegistry-feature-fhir/org.georegistry.fhir.cfg",
                "georegistry-feature-fhir/org.georegistry.sync.fhir.jar"), files(target));

        FeatureArchive.unpack(zip("v2.zip", "georegistry-feature-fhir/org.georegistry.sync.fhir.jar", "v2"),
                target, dir.resolve("staging"));
        assertEquals(List.of("georegistry-feature-fhir/org.georegistry.sync.fhir.jar"), files(target),
                "a file the newer zip no longer has is gone");
        assertEquals("v2", Files.readString(target.resolve("georegistry-feature-fhir/org.georegistry.sync.fhir.jar")));
        assertEquals(List.of(), files(dir.resolve("staging")), "nothing left in staging");
    }

    @Test
    void anEntryPointingOutsideTheFolderIsRefusedAndNothingIsWritten() throws IOException {
        Path target = dir.resolve("features/evil");
        Path evil = zip("evil.zip", "ok.jar", "fine", "../../escaped.txt", "gotcha");
        IOException e = assertThrows(IOException.class, () -> FeatureArchive.unpack(evil, target, dir.resolve("staging")));
        assertTrue(e.getMessage().contains("'../../escaped.txt' would be written outside"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("escaped.txt")));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), files(dir.resolve("staging")));
    }

    @Test
    void aBrokenZipLeavesTheInstalledFeatureAsItWas() throws IOException {
        Path target = dir.resolve("features/fhir");
        FeatureArchive.unpack(zip("v1.zip", "a.jar", "v1"), target, dir.resolve("staging"));
        Path broken = dir.resolve("broken.zip");
        Files.writeString(broken, "this is not a zip");
        IOException e = assertThrows(IOException.class, () -> FeatureArchive.unpack(broken, target, dir.resolve("staging")));
        assertTrue(e.getMessage().startsWith("it is not a readable zip file"), e.getMessage());
        assertEquals("v1", Files.readString(target.resolve("a.jar")));
    }

    @Test
    void aZipThatUnpacksBeyondTheLimitIsRefused() throws IOException {
        // a few KB of zip that inflate to 2 MB, against a limit of 1 MB (the real one is 1 GB)
        Path zip = zip("bomb.zip", "zeros.bin", "\0".repeat(2 << 20));
        assertTrue(Files.size(zip) < 64 * 1024);
        IOException e = assertThrows(IOException.class,
                () -> FeatureArchive.unpack(zip, dir.resolve("features/bomb"), dir.resolve("staging"), 1 << 20));
        assertEquals("it unpacks to more than 1048576 bytes", e.getMessage());
        assertFalse(Files.exists(dir.resolve("features/bomb")));
        assertEquals(List.of(), files(dir.resolve("staging")));
    }
}
