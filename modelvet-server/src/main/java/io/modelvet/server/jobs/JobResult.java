package io.modelvet.server.jobs;

/**
 * What a finished job stores: its decision and its documents (null where they do not apply).
 *
 * @param filesJson JSON object: file path to SHA-256, for the diff of two scans
 */
public record JobResult(
    String verdict,
    String worst,
    int findingCount,
    String versionDigest,
    long bytesRead,
    String reportJson,
    String sarif,
    String bom,
    String html,
    String filesJson) {}
