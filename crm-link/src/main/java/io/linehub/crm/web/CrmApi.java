package io.linehub.crm.web;

import io.linehub.api.auth.Caller;
import io.linehub.api.auth.Role;
import io.linehub.api.web.ApiRoutes;
import io.linehub.crm.link.Normalizer;
import io.linehub.crm.store.ActivityStore;
import io.linehub.crm.store.PgConversionStore;
import io.linehub.crm.store.RecordStore;
import io.linehub.crm.telephony.ExternalCalls;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The CRM and external-call REST routes, relative to {@code /api/v1}. Every route needs a
 * signed-in agent, supervisor or admin; the seed's per-pipeline rights are not enforced yet. The
 * leads report ({@code /reports/leads}) is for supervisors and admins.
 */
public final class CrmApi implements ApiRoutes {

  private final RecordsApi records;
  private final ActivitiesApi activities;
  private final ExternalCallsApi calls;
  private final LeadReportApi leadReport;

  public CrmApi(RecordStore records, PgConversionStore conversions, ActivityStore activities, ExternalCalls calls,
      Normalizer normalizer, LeadReportApi leadReport) {
    this.records = new RecordsApi(records, conversions, normalizer);
    this.activities = new ActivitiesApi(activities);
    this.calls = new ExternalCallsApi(calls, normalizer);
    this.leadReport = leadReport;
  }

  @Override
  public void mount(Router api) {
    api.route("/crm/*").handler(CrmApi::signedIn);
    api.route("/telephony/*").handler(CrmApi::signedIn);
    activities.mount(api);
    records.mount(api);
    calls.mount(api);
    leadReport.mount(api);
  }

  private static void signedIn(RoutingContext ctx) {
    Caller.require(ctx, Role.ADMIN, Role.SUPERVISOR, Role.AGENT);
    ctx.next();
  }
}
