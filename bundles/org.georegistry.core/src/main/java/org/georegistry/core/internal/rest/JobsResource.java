package org.georegistry.core.internal.rest;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.georegistry.core.internal.auth.AuthFilter;
import org.georegistry.core.internal.auth.Caller;
import org.georegistry.core.internal.jobs.JobEngine;
import org.georegistry.core.internal.jobs.JobEvents;
import org.georegistry.core.internal.model.Job;
import org.georegistry.core.internal.model.SyncConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtensionSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

/**
 * {@code /api/jobs}: a sync job's state, its errors (paged, or grouped by message), cancellation and a live
 * Server-Sent-Events stream of its progress. Visible to whoever may read the job's configuration.
 */
@Component(service = JobsResource.class)
@JakartarsResource
@JakartarsExtensionSelect(AuthFilter.SELECT)
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public final class JobsResource {

    private final JobEngine engine;
    private final JobEvents events;

    @Activate
    public JobsResource(@Reference JobEngine engine, @Reference JobEvents events) {
        this.engine = engine;
        this.events = events;
    }

    @GET
    @Path("{id}")
    public Job get(@PathParam("id") long id, @Context SecurityContext security) {
        return readable(id, Caller.of(security));
    }

    @GET
    @Path("{id}/errors")
    public Object errors(@PathParam("id") long id, @QueryParam("page") @DefaultValue("1") int page,
            @QueryParam("pageSize") @DefaultValue("50") int pageSize, @QueryParam("grouped") boolean grouped,
            @Context SecurityContext security) {
        readable(id, Caller.of(security));
        if (grouped) {
            return engine.store().groupedErrors(id);
        }
        Paging.check(page, pageSize);
        return engine.store().errors(id, page, pageSize);
    }

    @POST
    @Path("{id}/cancel")
    public Job cancel(@PathParam("id") long id, @Context SecurityContext security) {
        Job job = readable(id, Caller.of(security));
        Caller.of(security).requireAdmin(config(job).organization(), "this job");
        if (job.status().isFinal()) {
            throw ApiException.conflict("The job already ended: " + job.status());
        }
        engine.cancel(id);
        return engine.store().get(id).orElseThrow();
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") long id, @Context SecurityContext security, @Context SseEventSink sink,
            @Context Sse sse) {
        readable(id, Caller.of(security));
        events.subscribe(id, () -> engine.store().get(id).orElseThrow(), sink, sse);
    }

    private Job readable(long id, Caller caller) {
        Job job = engine.store().get(id).orElseThrow(() -> ApiException.notFound("Job " + id + " does not exist"));
        caller.requireRead(config(job).organization(), "Job " + id);
        return job;
    }

    private SyncConfig config(Job job) {
        return engine.configOf(job).orElseThrow(() -> ApiException.notFound("Job " + job.id() + " does not exist"));
    }
}
