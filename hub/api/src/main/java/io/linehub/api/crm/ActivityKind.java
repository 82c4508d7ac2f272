package io.linehub.api.crm;

public enum ActivityKind {
  CALL,
  OPENLINE,
  EMAIL,
  CHAT,
  CALLBACK,
  TASK
}
