package io.modelvet.server.jobs;

/**
 * A job's row without its stored documents.
 *
 * @param kind {@code scan} or {@code test}
 * @param status {@code queued}, {@code running}, {@code done} or {@code failed}
 * @param modelKey the model identity its history is grouped by
 * @param verdict {@code pass}, {@code fail} or {@code inconclusive} when done
 * @param versionDigest the content's manifest digest (SHA-256 over the files' digests)
 */
public record Job(
    String id,
    String kind,
    String status,
    String modelKey,
    String displayName,
    String submittedBy,
    long submittedAt,
    Long startedAt,
    Long finishedAt,
    int attempts,
    String error,
    String verdict,
    String worst,
    Integer findingCount,
    String versionDigest,
    String request) {

  public boolean finished() {
    return status.equals(JobStore.DONE) || status.equals(JobStore.FAILED);
  }
}
