package org.georegistry.sync.dhis2.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The app's icon, drawn here rather than shipped: a teal disc (the globe) with a white parallel and meridian, as an
 * RGBA PNG of any size. Only {@code java.util.zip}, so the bundle needs no imaging packages from the framework.
 */
final class PngIcon {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int TEAL = 0x00796b;

    private PngIcon() {}

    static byte[] draw(int size) {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(size * (size * 4 + 1));
        double c = (size - 1) / 2.0;
        double r = size / 2.0 - 0.5;
        double line = Math.max(1, size / 16.0);
        for (int y = 0; y < size; y++) {
            pixels.write(0); // filter: none
            for (int x = 0; x < size; x++) {
                double dx = x - c;
                double dy = y - c;
                boolean inside = dx * dx + dy * dy <= r * r;
                boolean grid = Math.abs(dx) < line / 2 + 0.5 || Math.abs(dy) < line / 2 + 0.5
                        || Math.abs(Math.sqrt(dx * dx + dy * dy) - r * 0.6) < line / 2 + 0.5;
                int rgb = grid ? 0xffffff : TEAL;
                pixels.write(rgb >> 16);
                pixels.write(rgb >> 8 & 0xff);
                pixels.write(rgb & 0xff);
                pixels.write(inside ? 0xff : 0);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(SIGNATURE);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        writeInt(header, size);
        writeInt(header, size);
        header.writeBytes(new byte[] {8, 6, 0, 0, 0}); // 8 bits per channel, RGBA, deflate, no filter, no interlace
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", deflate(pixels.toByteArray()));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        writeInt(png, data.length);
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        writeInt(png, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16 & 0xff);
        out.write(value >>> 8 & 0xff);
        out.write(value & 0xff);
    }
}
