package io.modelvet.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelvet.server.auth.Secrets;
import io.modelvet.server.remote.RemoteSources;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Accepts jobs: checks what was asked, stores uploads under the data folder (never a served one),
 * bounds the queue and persists the job before answering, so an accepted job survives a crash.
 */
public final class Submissions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JobStore store;
  private final WorkerPool pool;
  private final AllowedRoots roots;
  private final RemoteSources remote;
  private final Path uploads;
  private final long maxUpload;
  private final int queueLimit;

  public Submissions(JobStore store, WorkerPool pool, AllowedRoots roots, RemoteSources remote, Path uploads, long maxUpload, int queueLimit) {
    this.store = store;
    this.pool = pool;
    this.roots = roots;
    this.remote = remote;
    this.uploads = uploads;
    this.maxUpload = maxUpload;
    this.queueLimit = queueLimit;
  }

  /** An uploaded part: the name the client gave and its content. */
  public record Upload(String fileName, InputStream content) {}

  public long maxUpload() {
    return maxUpload;
  }

  public String upload(String by, Upload file, Upload signature, Upload key, String model) throws SubmitException {
    if (file == null) throw new SubmitException(400, "multipart field \"file\" is missing");
    if ((signature == null) != (key == null)) throw new SubmitException(400, "\"signature\" and \"key\" go together");
    checkQueue();
    return inUploadDir((id, dir) -> {
      String name = safeName(file.fileName());
      Path stored = save(file, dir.resolve(name));
      String sig = signature == null ? null : save(signature, Files.createDirectories(dir.resolve("signature")).resolve(safeName(signature.fileName()))).toString();
      String pem = key == null ? null : save(key, Files.createDirectories(dir.resolve("key")).resolve("key.pem")).toString();
      if (sig != null) {
        // the model is the stored file alone: move it into its own folder so the signature is not part of it
        Path modelDir = Files.createDirectories(dir.resolve("model"));
        stored = Files.move(stored, modelDir.resolve(name));
      }
      String identity = model != null ? model : "upload:" + name;
      enqueue(id, "scan", JobRequest.upload(stored.toString(), name, dir.toString(), sig, pem), identity, name, by);
    });
  }

  public String path(String by, String path, String signature, String key, String model) throws SubmitException {
    if ((signature == null) != (key == null)) throw new SubmitException(400, "\"signature\" and \"key\" go together");
    Path real;
    String sig = null;
    String pem = null;
    try {
      real = roots.check(path);
      if (signature != null) {
        sig = roots.check(signature).toString();
        pem = roots.check(key).toString();
      }
    } catch (AllowedRoots.Refused e) {
      throw new SubmitException(400, e.getMessage());
    }
    checkQueue();
    String id = newId();
    enqueue(id, "scan", JobRequest.serverPath(real.toString(), sig, pem), model != null ? model : "path:" + real, real.toString(), by);
    return id;
  }

  /** True when this server scans remote sources ({@code --allow-remote}). */
  public boolean remoteEnabled() {
    return remote.enabled();
  }

  public String source(String by, String source, String model) throws SubmitException {
    String s = source == null ? "" : source.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("hf://") && !lower.startsWith("https://") && !lower.startsWith("http://"))
      throw new SubmitException(400, "\"source\" must be an hf:// or https:// URI");
    String identity;
    try {
      identity = remote.check(s);
    } catch (RemoteSources.Refused e) {
      throw new SubmitException(400, e.getMessage());
    }
    checkQueue();
    String id = newId();
    enqueue(id, "scan", JobRequest.remote(s), model != null ? model : identity, s, by);
    return id;
  }

  public String test(String by, Upload model, Upload data, String target, List<String> sensitive, List<String> tests) throws SubmitException {
    if (model == null || data == null) throw new SubmitException(400, "multipart fields \"model\" (ONNX) and \"data\" (CSV) are required");
    if (target == null || target.isBlank()) throw new SubmitException(400, "field \"target\" (the label column) is required");
    for (String t : tests) if (!TestExecutor.knownFamily(t)) throw new SubmitException(400, "unknown test family (known: " + TestExecutor.families() + ")");
    checkQueue();
    return inUploadDir((id, dir) -> {
      String name = safeName(model.fileName());
      Path m = save(model, dir.resolve("model.onnx"));
      Path d = save(data, dir.resolve("data.csv"));
      enqueue(id, "test", JobRequest.test(m.toString(), name, d.toString(), target.trim(), sensitive, tests, dir.toString()), "test:" + name, name, by);
    });
  }

  /** Stores a new job's uploads in its own folder; the folder is removed again if the job is not recorded. */
  private String inUploadDir(UploadWork work) throws SubmitException {
    String id = newId();
    Path dir = uploads.resolve(id);
    try {
      work.store(id, Files.createDirectories(dir));
      return id;
    } catch (IOException e) {
      WorkerPool.deleteTree(dir);
      throw new SubmitException(500, "could not store the upload");
    } catch (SubmitException | RuntimeException e) {
      WorkerPool.deleteTree(dir);
      throw e;
    }
  }

  @FunctionalInterface
  private interface UploadWork {
    void store(String id, Path dir) throws IOException, SubmitException;
  }

  private void enqueue(String id, String kind, JobRequest req, String identity, String name, String by) throws SubmitException {
    try {
      store.insert(id, kind, JSON.writeValueAsString(req), identity, name, by);
    } catch (JsonProcessingException e) {
      throw new SubmitException(500, "could not record the job");
    }
    pool.wake();
  }

  private void checkQueue() throws SubmitException {
    if (store.count(JobStore.QUEUED) >= queueLimit) throw new SubmitException(503, "the job queue is full; retry later");
  }

  private Path save(Upload u, Path to) throws IOException, SubmitException {
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    try (InputStream in = u.content(); OutputStream out = Files.newOutputStream(to)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxUpload) throw new SubmitException(413, "upload larger than the limit of " + maxUpload + " bytes");
        out.write(buf, 0, n);
      }
    }
    return to;
  }

  static String newId() {
    return Secrets.newSecret("").substring(0, 20).replace('-', 'x').replace('_', 'y');
  }

  /** The last path segment of a client's file name, reduced to safe characters. */
  static String safeName(String fileName) {
    String n = fileName == null ? "" : fileName;
    n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1);
    n = n.replaceAll("[^A-Za-z0-9._-]", "_");
    if (n.length() > 120) n = n.substring(n.length() - 120);
    if (n.isEmpty() || n.chars().allMatch(ch -> ch == '.')) n = "upload.bin";
    return n;
  }
}
