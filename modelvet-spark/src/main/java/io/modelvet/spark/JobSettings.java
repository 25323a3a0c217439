package io.modelvet.spark;

import io.modelvet.report.Severity;
import java.util.List;

/** What the user asked the job to do (parsed and checked command line). */
record JobSettings(
    List<String> inputs,
    String listing,
    String output,
    String format,
    String previous,
    List<String> rescanFormats,
    Severity failOn,
    String master,
    Integer partitions,
    long timeoutMillis) {}
