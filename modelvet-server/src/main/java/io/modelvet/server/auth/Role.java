package io.modelvet.server.auth;

import java.util.Locale;

/** What a token may do: readers read, submitters also submit jobs, admins also read the audit log. */
public enum Role {
  READER,
  SUBMITTER,
  ADMIN;

  public boolean allows(Role needed) {
    return ordinal() >= needed.ordinal();
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String s) {
    for (Role r : values()) if (r.id().equalsIgnoreCase(s.trim())) return r;
    throw new IllegalArgumentException("unknown role '" + s + "' (reader, submitter, admin)");
  }
}
