package io.linehub.server.routing;

/** Hub-internal request/reply addresses of the routing verticle, for the REST API on any HTTP verticle. */
final class RoutingQueries {

  /** Body: null for every agent or a Long agent id; reply: a JsonArray of presence objects. */
  static final String AGENTS = "hub.routing.agents";
  /** Body: a Long agent id; reply: a JsonArray of the offers pending for that agent. */
  static final String OFFERS = "hub.routing.offers";
  /** Body: the ticket id; reply: {"ticketId","state","agentId"} or 404. */
  static final String TICKET = "hub.routing.ticket";

  private RoutingQueries() {
  }
}
