package org.georegistry.core.internal.jobs;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
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

    /**
     * Sends the current state at once, then every update until the job ends. The subscriber is registered before
     * the state is read, so a job that ends meanwhile cannot slip between the two and leave the stream open.
     */
    public void subscribe(long jobId, Supplier<Job> latest, SseEventSink sink, Sse sse) {
        Subscriber s = new Subscriber(sink, sse);
        List<Subscriber> list = subscribers.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>());
        list.add(s);
        Job current = latest.get();
        if (!send(s, current) || current.status().isFinal()) {
            list.remove(s);
            sink.close();
        }
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
