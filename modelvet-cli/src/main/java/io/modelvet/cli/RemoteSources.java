package io.modelvet.cli;

import io.modelvet.engine.ScanOptions;
import io.modelvet.remote.HubToken;
import io.modelvet.remote.RemoteFilter;
import io.modelvet.remote.RemoteLocation;
import io.modelvet.remote.RemoteScan;
import io.modelvet.remote.RemoteSettings;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Remote sources for {@code scan}: which arguments are remote ({@code hf://}, {@code https://}),
 * the hub endpoint and where the token comes from. The token is never an option value: it comes
 * from {@code HF_TOKEN} or a file, so it never shows in shell history or process listings.
 */
final class RemoteSources {

  String endpoint;
  Path tokenFile;

  /** Adds --hf-endpoint and --token-file, bound to this object, to the command. */
  void addOptions(CommandSpec spec) {
    spec.addOption(Options.bound(Options.value("--hf-endpoint", "URL", String.class,
        "Hub or mirror that hf:// names and hub web URLs resolve against (default: $HF_ENDPOINT, else https://huggingface.co)."),
        () -> endpoint, v -> endpoint = v).build());
    spec.addOption(Options.bound(Options.value("--token-file", "FILE", Path.class,
        "Read the hub access token from FILE (default: $HF_TOKEN). Tokens are never taken from the command line."),
        () -> tokenFile, (Path v) -> tokenFile = v).build());
  }

  static boolean isRemote(String arg) {
    return RemoteLocation.isRemote(arg);
  }

  static List<Path> localPaths(List<String> args) {
    return args.stream().filter(a -> !isRemote(a)).map(Path::of).toList();
  }

  static List<String> remoteArgs(List<String> args) {
    return args.stream().filter(RemoteSources::isRemote).toList();
  }

  RemoteSettings settings() throws IOException {
    RemoteSettings s = RemoteSettings.defaults();
    if (endpoint != null) s = s.withEndpoint(RemoteSettings.endpointOf(endpoint));
    if (tokenFile != null) s = s.withToken(HubToken.fromFile(tokenFile));
    return s;
  }

  ScanReport scan(ScanOptions options, List<String> remote, List<String> include, List<String> exclude, Consumer<FileResult> progress) throws IOException {
    return new RemoteScan(options, settings(), new RemoteFilter(include, exclude)).scan(remote, progress);
  }
}
