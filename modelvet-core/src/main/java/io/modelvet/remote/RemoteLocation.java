package io.modelvet.remote;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a remote argument names: a hub repository ({@code hf://ORG/NAME[@REV]},
 * {@code https://huggingface.co/ORG/NAME[/tree/REV[/folder]]}), one file of it
 * ({@code .../resolve/REV/FILE}, {@code .../blob/REV/FILE}), or any other http(s) URL of a single
 * file. Web forms are recognised on the configured endpoint's host (and on huggingface.co).
 *
 * @param kind what was named
 * @param repoId {@code ORG/NAME} (or {@code NAME}) for hub forms, else null
 * @param revision branch, tag or commit; null for the default branch
 * @param path the file ({@link Kind#REPO_FILE}) or folder ({@link Kind#REPO}, may be null) in the repository
 * @param url the URL of a {@link Kind#URL}
 */
public record RemoteLocation(Kind kind, String repoId, String revision, String path, URI url) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final List<String> NOT_MODELS = List.of("datasets", "spaces", "api", "collections");

  public enum Kind {
    REPO,
    REPO_FILE,
    URL
  }

  /** True for arguments that name remote sources rather than local paths. */
  public static boolean isRemote(String arg) {
    String a = arg.toLowerCase(Locale.ROOT);
    return a.startsWith("hf://") || a.startsWith("https://") || a.startsWith("http://");
  }

  /** Parses a remote argument; fails with a one-line message on anything malformed. */
  public static RemoteLocation parse(String arg, URI endpoint) {
    if (arg.regionMatches(true, 0, "hf://", 0, 5)) return parseHf(arg.substring(5), arg);
    URI u;
    try {
      u = URI.create(arg);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid URL: " + arg);
    }
    if (u.getHost() == null) throw new IllegalArgumentException("URL without a host: " + arg);
    if (u.getUserInfo() != null) throw new IllegalArgumentException("credentials in URLs are not accepted (use HF_TOKEN or --token-file): " + HttpTransport.redacted(u));
    String hubPath = hubPath(u, endpoint);
    return hubPath == null ? new RemoteLocation(Kind.URL, null, null, null, u) : parseWeb(hubPath, arg);
  }

  /** The path after the endpoint when {@code u} is on the hub, else null. */
  private static String hubPath(URI u, URI endpoint) {
    String prefix = endpoint.getPath() == null ? "" : endpoint.getPath();
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    boolean onEndpoint = HttpTransport.sameAuthority(u, endpoint) && path.startsWith(prefix + "/");
    if (onEndpoint) return path.substring(prefix.length() + 1);
    boolean onPublicHub = "huggingface.co".equalsIgnoreCase(u.getHost()) || "www.huggingface.co".equalsIgnoreCase(u.getHost());
    return onPublicHub && path.startsWith("/") ? path.substring(1) : null;
  }

  private static RemoteLocation parseHf(String rest, String arg) {
    int at = rest.indexOf('@');
    String repo = at >= 0 ? rest.substring(0, at) : rest;
    String rev = at >= 0 ? rest.substring(at + 1) : null;
    repo = repo.replaceAll("/+$", "");
    checkRepo(repo, arg);
    if (rev != null && rev.isEmpty()) throw new IllegalArgumentException("empty revision after '@' in " + arg);
    return new RemoteLocation(Kind.REPO, repo, rev, null, null);
  }

  private static RemoteLocation parseWeb(String rawPath, String arg) {
    List<String> parts = Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    if (parts.isEmpty() || NOT_MODELS.contains(parts.get(0)))
      throw new IllegalArgumentException("only model repositories can be scanned: " + arg);
    int nameLen = parts.size() >= 2 && !isVerb(parts.get(1)) ? 2 : 1;
    String repo = String.join("/", parts.subList(0, nameLen));
    checkRepo(repo, arg);
    List<String> rest = parts.subList(nameLen, parts.size());
    if (rest.isEmpty()) return new RemoteLocation(Kind.REPO, repo, null, null, null);
    if (rest.size() < 2 || !isVerb(rest.get(0))) throw new IllegalArgumentException("not a repository, folder or file URL: " + arg);
    String rev = rest.get(1);
    String path = rest.size() > 2 ? String.join("/", rest.subList(2, rest.size())) : null;
    if (rest.get(0).equals("tree")) return new RemoteLocation(Kind.REPO, repo, rev, path, null);
    if (path == null) throw new IllegalArgumentException("no file named in " + arg);
    return new RemoteLocation(Kind.REPO_FILE, repo, rev, path, null);
  }

  private static boolean isVerb(String s) {
    return s.equals("tree") || s.equals("resolve") || s.equals("blob");
  }

  private static void checkRepo(String repo, String arg) {
    String[] parts = repo.split("/", -1);
    if (parts.length > 2 || Arrays.stream(parts).anyMatch(p -> !NAME.matcher(p).matches() || p.contains("..")))
      throw new IllegalArgumentException("not a repository name (ORG/NAME): " + arg);
  }
}
