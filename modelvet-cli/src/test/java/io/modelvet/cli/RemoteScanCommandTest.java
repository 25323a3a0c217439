package io.modelvet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.modelvet.cli.ScanCommandTest.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modelvet scan} on remote sources against a small real server on 127.0.0.1 (the full Hub
 * behaviour is tested in modelvet-core's RemoteScanTest).
 */
class RemoteScanCommandTest {
  private static final String TOKEN = "hf_cli_secret_987";
  /** posix.system('id') as a protocol-2 pickle. */
  private static final byte[] EVIL = {(byte) 0x80, 2, 'c', 'p', 'o', 's', 'i', 'x', '\n', 's', 'y', 's', 't', 'e', 'm', '\n', 'X', 2, 0, 0, 0, 'i', 'd', (byte) 0x85, 'R', '.'};
  @TempDir Path dir;
  private HttpServer server;
  private final List<String> authHeaders = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
    server.createContext("/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      authHeaders.add(String.valueOf(auth));
      byte[] body;
      int status;
      if (ex.getRequestURI().getPath().equals("/files/model.pkl")) {
        status = 200; // ignores Range: the whole (small) body every time
        body = EVIL;
      } else {
        status = 401;
        ex.getResponseHeaders().set("X-Error-Code", "RepoNotFound");
        body = "{\"error\":\"Repository not found\"}".getBytes(StandardCharsets.UTF_8);
      }
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void privateRepositoryWithoutAccessIsAOneLineErrorExitTwoAndTheTokenNeverShows() throws IOException {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Run r = ScanCommandTest.run("scan", "--hf-endpoint", endpoint(), "--token-file", tokenFile.toString(), "hf://org/private");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("modelvet: hf://org/private: authentication required (HTTP 401): the repository is private or gated, or the token is not valid; set HF_TOKEN or use --token-file");
    assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    assertThat(authHeaders).containsExactly("Bearer " + TOKEN);
  }

  @Test
  void aFileUrlIsScannedAndTheReportSaysWhatWasFetched() {
    String url = "http://localhost:" + server.getAddress().getPort() + "/files/model.pkl";
    Run r = ScanCommandTest.run("scan", "--hf-endpoint", endpoint(), url);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("CRITICAL " + url + "@").contains("[pickle.denied-callable]");
    assertThat(r.out()).contains("Fetched " + EVIL.length + " bytes for 1 remote file(s) totalling " + EVIL.length + " bytes.");
    assertThat(authHeaders).containsOnly("null"); // another host than the endpoint: no token even if one were set
  }

  @Test
  void malformedRemoteArgumentsAreUsageErrors() {
    Run r = ScanCommandTest.run("scan", "hf://../etc");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a repository name");
  }
}
