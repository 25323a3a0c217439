package io.modelvet.spark;

import java.util.Map;

/**
 * What a run did, written to {@code summary.json} and told on standard output.
 *
 * @param files top-level files in the result table
 * @param members archive members in it
 * @param scanned files scanned by this run (the rest were carried over from {@code --previous})
 * @param reused files carried over unchanged
 * @param verdicts rows by verdict (files and members)
 * @param findings findings by severity
 * @param bytesListed total size of the files scanned by this run
 * @param bytesRead bytes this run actually read
 * @param millis wall-clock time of the job
 * @param format output table format
 * @param failOn threshold
 * @param exitCode 0 pass, 1 findings at or above the threshold, 3 inconclusive or nothing scanned
 */
record JobSummary(
    long files,
    long members,
    long scanned,
    long reused,
    Map<String, Long> verdicts,
    Map<String, Long> findings,
    long bytesListed,
    long bytesRead,
    long millis,
    String format,
    String failOn,
    int exitCode) {

  String oneLine() {
    String verdictText = files == 0 ? "no files to scan" : files + " file(s) (" + members + " archive members): " + verdicts;
    return String.format(
        "Scanned %s in %d ms; %d scanned, %d reused; read %d of %d bytes; findings %s; %s",
        verdictText,
        millis,
        scanned,
        reused,
        bytesRead,
        bytesListed,
        findings,
        exitCode == 0 ? "PASS" : exitCode == 1 ? "FAIL: findings at or above " + failOn : "INCONCLUSIVE");
  }
}
