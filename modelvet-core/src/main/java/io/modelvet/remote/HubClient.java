package io.modelvet.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of the Hugging Face Hub API a scan needs: which commit a revision names and which files
 * that commit holds ({@code GET /api/models/{repo}/revision/{rev}?blobs=true}), and the URL of
 * each file at that commit ({@code /{repo}/resolve/{commit}/{path}}). Works the same against
 * mirrors and private hubs ({@code --hf-endpoint}).
 */
public final class HubClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_INFO_BYTES = 64 << 20;
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private final HttpTransport http;
  private final URI endpoint;

  public HubClient(HttpTransport http) {
    this.http = http;
    this.endpoint = http.settings().endpoint();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** A file listed in a snapshot; {@code size} is -1 when the listing did not say. */
  public record RepoFile(String path, long size) {}

  /** A repository at one commit. */
  public record Snapshot(String repoId, String revision, String commit, List<RepoFile> files) {
    /** The report path of a file: {@code hf://ORG/NAME@commit/path}. */
    public String display(String path) {
      return prefix() + path;
    }

    /** {@code hf://ORG/NAME@commit/}: what config globs do not see. */
    public String prefix() {
      return "hf://" + repoId + "@" + commit + "/";
    }
  }

  /** Resolves {@code revision} (branch, tag or commit; main when null) and lists the files. */
  public Snapshot snapshot(String repoId, String revision) throws IOException {
    String rev = revision == null || revision.isEmpty() ? "main" : revision;
    URI info = URI.create(endpoint + "/api/models/" + encodePath(repoId) + "/revision/" + encodeSegment(rev) + "?blobs=true");
    String name = "hf://" + repoId + (revision == null ? "" : "@" + revision);
    JsonNode root;
    try (HttpTransport.Response r = http.get(info, Map.of("Accept", "application/json"))) {
      if (r.status() != 200) throw refusal(r.status(), r.header("x-error-code"), name);
      byte[] body = r.body().readUpTo(MAX_INFO_BYTES + 1);
      if (body.length > MAX_INFO_BYTES) throw new RemoteAccessException(0, name + ": the repository listing is larger than " + (MAX_INFO_BYTES >> 20) + " MiB");
      try {
        root = JSON.readTree(body);
      } catch (IOException e) {
        throw new RemoteAccessException(0, name + ": the hub answered with something that is not a repository description");
      }
    }
    String commit = root.path("sha").asText("");
    if (!COMMIT.matcher(commit).matches()) throw new RemoteAccessException(0, name + ": the hub did not say which commit the revision resolves to");
    List<RepoFile> files = new ArrayList<>();
    for (JsonNode s : root.path("siblings")) {
      String path = s.path("rfilename").asText("");
      if (path.isEmpty()) continue;
      long size = s.path("lfs").path("size").asLong(s.path("size").asLong(-1));
      files.add(new RepoFile(path, size));
    }
    files.sort(java.util.Comparator.comparing(RepoFile::path));
    return new Snapshot(repoId, rev, commit, files);
  }

  /** The URL of {@code path} at {@code commit}. */
  public URI resolve(String repoId, String commit, String path) {
    return URI.create(endpoint + "/" + encodePath(repoId) + "/resolve/" + encodeSegment(commit) + "/" + encodePath(path));
  }

  /** A one-line, user-facing error for a refused request. */
  static RemoteAccessException refusal(int status, String errorCode, String name) {
    String why =
        switch (status) {
          case 401 -> "authentication required (HTTP 401): the repository is private or gated, or the token is not valid; set HF_TOKEN or use --token-file";
          case 403 -> "access forbidden (HTTP 403): the repository is gated and its terms were not accepted, or the token lacks permission";
          case 404 -> "not found (HTTP 404" + (errorCode != null ? ", " + errorCode.replaceAll("[^A-Za-z]", "") : "") + ")";
          case 429 -> "rate limited by the server (HTTP 429) after retries";
          default -> "the server answered HTTP " + status;
        };
    return new RemoteAccessException(status, name + ": " + why);
  }

  static String encodePath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String part : path.split("/", -1)) {
      if (sb.length() > 0) sb.append('/');
      sb.append(encodeSegment(part));
    }
    return sb.toString();
  }

  static String encodeSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
