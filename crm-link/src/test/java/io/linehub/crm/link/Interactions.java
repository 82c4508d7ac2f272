package io.linehub.crm.link;

import io.linehub.api.crm.Channel;
import io.linehub.api.crm.Direction;
import io.linehub.api.crm.Identity;
import io.linehub.api.crm.Interaction;
import io.linehub.api.crm.LinkPolicy;
import io.linehub.api.crm.Outcome;
import io.linehub.api.crm.Recording;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builds interactions for tests: {@code Interactions.call(phone).missed().build()}. */
final class Interactions {

  private String externalId = UUID.randomUUID().toString();
  private Channel channel;
  private Direction direction = Direction.INBOUND;
  private Outcome outcome;
  private List<Identity> identities;
  private String name;
  private Long agent;
  private Long lineResponsible = 77L;
  private Recording recording;
  private LinkPolicy policy;

  static Interactions call(String phone) {
    var b = new Interactions();
    b.channel = Channel.PHONE;
    b.outcome = Outcome.ANSWERED;
    b.identities = List.of(Identity.phone(phone));
    return b;
  }

  static Interactions message(Channel channel, Identity... identities) {
    var b = new Interactions();
    b.channel = channel;
    b.outcome = Outcome.RECEIVED;
    b.identities = List.of(identities);
    return b;
  }

  Interactions externalId(String value) {
    externalId = value;
    return this;
  }

  Interactions outcome(Outcome value) {
    outcome = value;
    return this;
  }

  Interactions outbound() {
    direction = Direction.OUTBOUND;
    return this;
  }

  Interactions name(String value) {
    name = value;
    return this;
  }

  Interactions agent(Long value) {
    agent = value;
    return this;
  }

  Interactions lineResponsible(Long value) {
    lineResponsible = value;
    return this;
  }

  Interactions recording(Recording value) {
    recording = value;
    return this;
  }

  Interactions policy(LinkPolicy value) {
    policy = value;
    return this;
  }

  Interaction build() {
    Instant started = Instant.parse("2026-11-23T10:15:30Z");
    return new Interaction(externalId, channel, direction, outcome, identities, name, agent, "line-1",
        lineResponsible, started, started.plusSeconds(42), 42, null, "hello", recording, policy);
  }
}
