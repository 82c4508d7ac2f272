package io.linehub.api.crm;

/** One customer identity as the channel reported it (not yet normalised). */
public record Identity(IdentityType type, String value) {

  public static Identity phone(String value) {
    return new Identity(IdentityType.PHONE, value);
  }

  public static Identity email(String value) {
    return new Identity(IdentityType.EMAIL, value);
  }
}
