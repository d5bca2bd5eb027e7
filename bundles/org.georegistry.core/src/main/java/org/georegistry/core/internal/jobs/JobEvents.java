package org.georegistry.core.internal.jobs;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.georegistry.core.internal.model.Job;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Fans job progress out to Server-Sent-Event subscribers. Publishing never blocks the job on a slow client for
 * long: a sink that fails is dropped.
 */
@Component(service = JobEvents.class)
public final class JobEvents {

    private record Subscriber(SseEventSink sink, Sse sse) {}

    private final Map<Long, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

    /** Sends the current state at once, then every update until the job ends. */
    public void subscribe(Job current, SseEventSink sink, Sse sse) {
        Subscriber s = new Subscriber(sink, sse);
        if (!send(s, current)) {
            return;
        }
        if (current.status().isFinal()) {
            sink.close();
            return;
        }
        subscribers.computeIfAbsent(current.id(), id -> new CopyOnWriteArrayList<>()).add(s);
    }

    public void publish(Job job) {
        List<Subscriber> list = job.status().isFinal() ? subscribers.remove(job.id()) : subscribers.get(job.id());
        if (list == null) {
            return;
        }
        for (Subscriber s : list) {
            if (!send(s, job)) {
                list.remove(s);
            } else if (job.status().isFinal()) {
                s.sink().close();
            }
        }
    }

    private static boolean send(Subscriber s, Job job) {
        if (s.sink().isClosed()) {
            return false;
        }
        OutboundSseEvent event = s.sse().newEventBuilder()
                .id(Long.toString(job.processed()))
                .name(job.status().isFinal() ? "done" : "progress")
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(Job.class, job)
                .build();
        try {
            s.sink().send(event).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            s.sink().close();
            return false;
        }
    }

    @Deactivate
    void close() {
        subscribers.values().forEach(list -> list.forEach(s -> s.sink().close()));
        subscribers.clear();
    }
}
