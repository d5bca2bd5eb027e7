package org.georegistry.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds bundle jars at test time: a real bundle with another version, or deliberately broken ones. */
public final class Jars {

    private Jars() {}

    /** Copies a bundle, changing only its Bundle-Version. */
    public static void withVersion(Path source, String version, Path target) throws IOException {
        try (JarFile in = new JarFile(source.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(temp), manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            moveIntoPlace(temp, target);
        }
    }

    /** Writes a jar with the given main manifest headers and entries. */
    public static void write(Path target, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        headers.forEach((k, v) -> manifest.getMainAttributes().putValue(k, v));
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(temp), manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        moveIntoPlace(temp, target);
    }

    /**
     * Writes a bundle with one DS component that registers {@code provider} (a test class with a public no-argument
     * constructor) as a SyncProvider of {@code type}.
     */
    public static void providerBundle(Path target, String symbolicName, String type, Class<?> provider) throws IOException {
        String className = provider.getName();
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put(className.replace('.', '/') + ".class", classBytes(provider));
        entries.put("OSGI-INF/provider.xml", ("<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\""
                + " name=\"" + symbolicName + "\" immediate=\"true\">"
                + "<implementation class=\"" + className + "\"/>"
                + "<service><provide interface=\"org.georegistry.api.sync.SyncProvider\"/></service>"
                + "<property name=\"georegistry.sync.type\" value=\"" + type + "\"/>"
                + "</scr:component>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        write(target, Map.of(
                "Bundle-ManifestVersion", "2",
                "Bundle-SymbolicName", symbolicName,
                "Bundle-Version", "1.0.0",
                "Import-Package", "org.georegistry.api.sync;version=\"[1.0,2)\",org.georegistry.api.model;version=\"[1.0,2)\"",
                "Service-Component", "OSGI-INF/provider.xml"), entries);
    }

    /** The bytes of a compiled test class, to put into a generated bundle. */
    public static byte[] classBytes(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("No class file for " + type);
            }
            return in.readAllBytes();
        }
    }

    /** Writes through a temporary name and renames, as administrators are told to (FileInstall sees whole files). */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Copies a file into a folder through a temporary name. */
    public static void drop(Path file, Path folder, String name) throws IOException {
        // the temporary copy lives beside the folder, not in it, so FileInstall never sees a partial jar
        Path temp = folder.resolveSibling(name + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            Files.copy(file, out);
        }
        moveIntoPlace(temp, folder.resolve(name));
    }
}
