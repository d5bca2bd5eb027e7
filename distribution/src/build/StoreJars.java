import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of the distribution (run by maven-antrun as a single-file source program): rewrites each jar given with
 * its entries stored instead of deflated, same names, order, content and times. The server starts these bundles in
 * place from lib/bundles and reads some 18 MB of class bytes from them at every start (the class-data archive
 * still wants each class's bytes to match it); inflating them was about 0.15 s of the start. The archive a user
 * downloads is compressed as a whole, so it hardly grows.
 */
public final class StoreJars {

    public static void main(String[] jars) throws IOException {
        for (String jar : jars) {
            store(Path.of(jar));
        }
    }

    static void store(Path jar) throws IOException {
        Path stored = jar.resolveSibling(jar.getFileName() + ".stored");
        try (ZipFile in = new ZipFile(jar.toFile()); OutputStream file = Files.newOutputStream(stored);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] data = in.getInputStream(entry).readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(data);
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setMethod(ZipEntry.STORED);
                copy.setSize(data.length);
                copy.setCompressedSize(data.length);
                copy.setCrc(crc.getValue());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(data);
                out.closeEntry();
            }
        }
        Files.move(stored, jar, StandardCopyOption.REPLACE_EXISTING);
    }
}
