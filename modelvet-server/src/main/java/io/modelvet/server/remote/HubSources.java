package io.modelvet.server.remote;

import io.modelvet.engine.ScanOptions;
import io.modelvet.remote.RemoteFilter;
import io.modelvet.remote.RemoteLocation;
import io.modelvet.remote.RemoteScan;
import io.modelvet.remote.RemoteSettings;
import io.modelvet.report.ScanReport;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Remote sources through core's {@code io.modelvet.remote}: {@code hf://} names and hub web URLs
 * resolve against the configured hub endpoint (with its token, sent to that host only); plain file
 * URLs must be {@code https://} on a host the operator listed, so the server cannot be made to
 * fetch from arbitrary or internal addresses.
 */
public final class HubSources implements RemoteSources {
  private final RemoteSettings settings;
  private final Set<String> urlHosts;

  /**
   * @param settings hub endpoint, token, timeouts and budgets
   * @param urlHosts hosts that plain {@code https://} file URLs may name (lower case; may be empty)
   */
  public HubSources(RemoteSettings settings, Set<String> urlHosts) {
    this.settings = settings;
    TreeSet<String> hosts = new TreeSet<>();
    for (String h : urlHosts) hosts.add(h.trim().toLowerCase(Locale.ROOT));
    this.urlHosts = Set.copyOf(hosts);
  }

  public URI endpoint() {
    return settings.endpoint();
  }

  @Override
  public String check(String source) throws Refused {
    RemoteLocation loc;
    try {
      loc = RemoteLocation.parse(source, settings.endpoint());
    } catch (IllegalArgumentException e) {
      throw new Refused(e.getMessage());
    }
    if (loc.kind() != RemoteLocation.Kind.URL) return "hf://" + loc.repoId();
    URI u = loc.url();
    String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
    if (!"https".equalsIgnoreCase(u.getScheme())) throw new Refused("file URLs must use https://");
    if (!urlHosts.contains(host))
      throw new Refused("this server scans file URLs only from the hosts its operator allowed (--remote-host)"
          + (urlHosts.isEmpty() ? "; none are allowed" : ": " + String.join(", ", new TreeSet<>(urlHosts))));
    return "url:" + u.getScheme() + "://" + host + (u.getPort() < 0 ? "" : ":" + u.getPort()) + u.getRawPath();
  }

  @Override
  public ScanReport scan(String source, ScanOptions options) throws IOException {
    return new RemoteScan(options, settings, RemoteFilter.all()).scan(List.of(source), null);
  }
}
