package io.modelvet.server.jobs;

import java.util.List;

/**
 * What a job was asked to do, stored as JSON in the job row so a restarted server can run it.
 *
 * @param type {@code upload}, {@code path}, {@code source} (scans) or {@code test} (dynamic test)
 * @param path the file or folder to scan (an upload's stored file, or a checked server path); the
 *     ONNX model for a test
 * @param name the name shown in reports (an upload's original file name)
 * @param source a remote source URI ({@code hf://}, {@code https://})
 * @param signature an OpenSSF model-signing signature to verify, or null
 * @param key the signer's public key (PEM) for {@code signature}
 * @param uploadDir the job's private upload folder, deleted after the job unless uploads are kept
 * @param data the evaluation CSV of a test job
 * @param target the label column of a test job
 * @param sensitive sensitive columns for fairness
 * @param tests test families to run (empty: all)
 */
public record JobRequest(
    String type,
    String path,
    String name,
    String source,
    String signature,
    String key,
    String uploadDir,
    String data,
    String target,
    List<String> sensitive,
    List<String> tests) {

  public static JobRequest upload(String file, String name, String uploadDir, String signature, String key) {
    return new JobRequest("upload", file, name, null, signature, key, uploadDir, null, null, List.of(), List.of());
  }

  public static JobRequest serverPath(String path, String signature, String key) {
    return new JobRequest("path", path, path, null, signature, key, null, null, null, List.of(), List.of());
  }

  public static JobRequest remote(String source) {
    return new JobRequest("source", null, source, source, null, null, null, null, null, List.of(), List.of());
  }

  public static JobRequest test(String model, String name, String data, String target, List<String> sensitive, List<String> tests, String uploadDir) {
    return new JobRequest("test", model, name, null, null, null, uploadDir, data, target, sensitive, tests);
  }
}
