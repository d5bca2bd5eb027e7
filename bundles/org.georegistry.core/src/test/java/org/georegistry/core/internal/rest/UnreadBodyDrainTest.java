package org.georegistry.core.internal.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class UnreadBodyDrainTest {

    @Test
    void aBodyEndingWithinTheLimitIsReadToItsEnd() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[100_000]);
        assertTrue(UnreadBodyDrain.drained(body, 100_000));
        assertEquals(0, body.available());
    }

    @Test
    void aLongerBodyIsLeftAfterOneByteMoreThanTheLimit() {
        ByteArrayInputStream body = new ByteArrayInputStream(new byte[100_001 + 50_000]);
        assertFalse(UnreadBodyDrain.drained(body, 100_000));
        assertEquals(50_000, body.available());
    }

    @Test
    void aBodyPastItsOwnLimitOrAClientGoneIsNotDrained() {
        InputStream limited = new BodyLimitFilter.Limited(new ByteArrayInputStream(new byte[5_000]), 1_000);
        assertFalse(UnreadBodyDrain.drained(limited, 100_000));
        InputStream gone = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Connection reset");
            }
        };
        assertFalse(UnreadBodyDrain.drained(gone, 100_000));
    }
}
