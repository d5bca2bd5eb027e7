package org.georegistry.core.internal.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks a feature's zip into a folder, all or nothing: into a staging folder first, then moved into place, so a
 * watcher of the target folder never sees half a feature, and a zip that cannot be unpacked (not a zip, an entry
 * that would land outside the folder, more than {@link #MAX_BYTES}) leaves what was there untouched.
 */
final class FeatureArchive {

    /** Far above any feature (the FHIR one, HAPI included, is 21 MB), far below a zip bomb. */
    static final long MAX_BYTES = 1L << 30;

    private FeatureArchive() {}

    /** Unpacks {@code zip} into {@code target}, replacing what {@code target} held; {@code staging} is scratch space. */
    static void unpack(Path zip, Path target, Path staging) throws IOException {
        unpack(zip, target, staging, MAX_BYTES);
    }

    /** As {@link #unpack(Path, Path, Path)}, refusing a zip that unpacks to more than {@code maxBytes}. */
    static void unpack(Path zip, Path target, Path staging, long maxBytes) throws IOException {
        Path fresh = staging.resolve(target.getFileName() + ".new");
        Path old = staging.resolve(target.getFileName() + ".old");
        deleteTree(fresh);
        deleteTree(old);
        Files.createDirectories(fresh);
        try {
            extract(zip, fresh, maxBytes);
        } catch (IOException | RuntimeException e) {
            deleteTree(fresh);
            throw e;
        }
        Files.createDirectories(target.getParent());
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static void extract(Path zip, Path into, long maxBytes) throws IOException {
        long written = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                Path out = into.resolve(entry.getName()).normalize();
                if (!out.startsWith(into) || out.equals(into)) {
                    throw new IOException("its entry '" + entry.getName() + "' would be written outside the feature's"
                            + " folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    written = copy(in, out, written, maxBytes);
                }
            }
        } catch (ZipException e) {
            throw new IOException("it is not a readable zip file (" + e.getMessage() + ")", e);
        }
    }

    /** Copies one entry; answers the bytes unpacked so far, which may not exceed {@code maxBytes}. */
    private static long copy(InputStream in, Path out, long written, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(out)) {
            for (int read; (read = in.read(buffer)) > 0;) {
                written += read;
                if (written > maxBytes) {
                    throw new IOException("it unpacks to more than " + maxBytes + " bytes");
                }
                o.write(buffer, 0, read);
            }
        }
        return written;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
