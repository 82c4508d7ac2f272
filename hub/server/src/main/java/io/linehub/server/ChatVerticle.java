package io.linehub.server;

import io.linehub.chat.ChatModule;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** This node's chat fan-out: delivers the chat events of the event bus to the local connections. */
final class ChatVerticle extends VerticleBase {

  private final ChatModule chat;

  ChatVerticle(ChatModule chat) {
    this.chat = chat;
  }

  @Override
  public Future<?> start() {
    return chat.start();
  }

  @Override
  public Future<?> stop() {
    return chat.stop();
  }
}
