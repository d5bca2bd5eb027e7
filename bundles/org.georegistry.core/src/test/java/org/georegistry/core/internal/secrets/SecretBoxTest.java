package org.georegistry.core.internal.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAndNeverRepeatsACiphertext() throws Exception {
        SecretBox box = SecretBox.open(dir.resolve("secret.key"));
        String a = box.encrypt("district");
        String b = box.encrypt("district");
        assertNotEquals(a, b);
        assertFalse(a.contains("district"));
        assertEquals("district", box.decrypt(a));
        assertEquals("district", box.decrypt(b));
    }

    @Test
    void keyFileIsPrivateAndReusedAcrossOpens() throws Exception {
        Path key = dir.resolve("data/secret.key");
        String sealed = SecretBox.open(key).encrypt("d2pat_abc");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("d2pat_abc", SecretBox.open(key).decrypt(sealed));
    }

    @Test
    void anotherKeyOrATamperedValueIsRejected() throws Exception {
        String sealed = SecretBox.open(dir.resolve("one.key")).encrypt("secret");
        SecretBox other = SecretBox.open(dir.resolve("two.key"));
        assertThrows(IllegalArgumentException.class, () -> other.decrypt(sealed));
        SecretBox one = SecretBox.open(dir.resolve("one.key"));
        byte[] raw = java.util.Base64.getDecoder().decode(sealed.substring(SecretBox.PREFIX.length()));
        raw[raw.length / 2] ^= 0x01; // one flipped bit in the ciphertext
        String tampered = SecretBox.PREFIX + java.util.Base64.getEncoder().encodeToString(raw);
        assertThrows(IllegalArgumentException.class, () -> one.decrypt(tampered));
        assertThrows(IllegalArgumentException.class, () -> one.decrypt("plain"));
    }
}
