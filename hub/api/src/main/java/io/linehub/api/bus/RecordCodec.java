package io.linehub.api.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Event-bus codec for a contract record: passed by reference inside one JVM (records are
 * immutable), JSON on the cluster wire so nodes of different builds can still read each other.
 */
public final class RecordCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;

  public RecordCodec(Class<T> type) {
    this.type = type;
  }

  @Override
  public void encodeToWire(Buffer buffer, T record) {
    try {
      byte[] json = DatabindCodec.mapper().writeValueAsBytes(record);
      buffer.appendInt(json.length).appendBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + type.getSimpleName(), e);
    }
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    byte[] json = buffer.getBytes(pos + 4, pos + 4 + length);
    try {
      return DatabindCodec.mapper().readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode " + type.getSimpleName(), e);
    }
  }

  @Override
  public T transform(T record) {
    return record;
  }

  @Override
  public String name() {
    return "linehub." + type.getName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
