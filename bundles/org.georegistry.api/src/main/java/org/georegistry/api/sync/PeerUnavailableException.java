package org.georegistry.api.sync;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * The peer could not be reached, or kept failing transiently (a proxy's 502, a 503 during a restart) after the
 * retries. A job whose {@link SyncProvider#run(SyncJob)} throws it, or any exception {@link #in caused by it} or by the
 * JDK's own no-connection exceptions, ends as FAILURE with the stage {@code CONNECTION_FAILED} and the thrown
 * exception's message, so a user can tell "the peer is down" from "the data was refused".
 *
 * @since 1.3
 */
public class PeerUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public PeerUnavailableException(String message) {
        super(message);
    }

    public PeerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code failure} or one of its causes says the peer is unavailable: this exception, or no connection
     * (refused, unknown host, no route), or a connect or read timeout of the JDK's HTTP client.
     */
    public static boolean in(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof PeerUnavailableException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof HttpTimeoutException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }
}
