package io.modelvet.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelvet.integrity.IntegrityFindings;

/** What a scan's report says about the signature it was asked to verify. */
public final class SignatureCheck {
  private SignatureCheck() {}

  /**
   * {@code verified} when the report's signature entry has no findings, {@code failed} when it has
   * some (a changed, added or removed file, a bad signature, another key), null when no signature
   * was verified.
   */
  public static String status(JsonNode report) {
    JsonNode entry = entry(report);
    if (entry == null) return null;
    return entry.path("findings").isEmpty() ? "verified" : "failed";
  }

  /** The report entry that carries the verification's findings, or null. */
  public static JsonNode entry(JsonNode report) {
    if (report == null) return null;
    for (JsonNode f : report.path("files")) if (IntegrityFindings.FORMAT.equals(f.path("format").asText())) return f;
    return null;
  }
}
