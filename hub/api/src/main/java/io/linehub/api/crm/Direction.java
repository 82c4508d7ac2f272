package io.linehub.api.crm;

public enum Direction {
  INBOUND,
  OUTBOUND
}
