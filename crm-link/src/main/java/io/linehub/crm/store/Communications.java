package io.linehub.crm.store;

import io.linehub.api.crm.IdentityType;
import io.linehub.crm.link.NormalIdentity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Phones, e-mails and messenger ids given in a create or patch body, normalised. A null list was
 * not given and leaves that part of the record's communications as it is; a given list replaces it.
 */
public record Communications(List<NormalIdentity> phones, List<NormalIdentity> emails,
    List<NormalIdentity> messengers) {

  public static final Communications NONE = new Communications(null, null, null);

  private static final List<String> MESSENGER_TYPES = Arrays.stream(IdentityType.values())
      .filter(type -> type != IdentityType.PHONE && type != IdentityType.EMAIL)
      .map(Sql::wire)
      .toList();

  public List<NormalIdentity> all() {
    var all = new ArrayList<NormalIdentity>();
    for (var part : List.of(orEmpty(phones), orEmpty(emails), orEmpty(messengers))) {
      all.addAll(part);
    }
    return all;
  }

  /** The {@code type} values whose rows a patch replaces. */
  public String[] replacedTypes() {
    var types = new ArrayList<String>();
    if (phones != null) {
      types.add("phone");
    }
    if (emails != null) {
      types.add("email");
    }
    if (messengers != null) {
      types.addAll(MESSENGER_TYPES);
    }
    return types.toArray(String[]::new);
  }

  public boolean given() {
    return phones != null || emails != null || messengers != null;
  }

  private static List<NormalIdentity> orEmpty(List<NormalIdentity> list) {
    return list == null ? List.of() : list;
  }
}
