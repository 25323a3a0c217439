package io.modelvet.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelvet.server.auth.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Slow-loris: a client on a raw socket sends the headers, then trickles the body a byte at a time,
 * often enough that the connection is never idle. The request deadline (3 s here; idle timeout 30 s)
 * must cut it off with a clear 408, create no job, and leave the server serving others.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestDeadlineTest {
  private static final Duration DEADLINE = Duration.ofSeconds(3);
  private Path tmp;
  private ModelVetServer server;
  private Client client;
  private String submitter;

  @BeforeAll
  void start() throws Exception {
    tmp = Files.createTempDirectory("modelvet-deadline");
    server = ModelVetServer.start(ServerConfig.defaults(tmp.resolve("data")).withPort(0).withRequestDeadline(DEADLINE));
    client = new Client(server.port());
    submitter = server.tokens().create("slow", Role.SUBMITTER);
  }

  @AfterAll
  void stop() {
    if (server != null) server.stop(Duration.ofSeconds(5));
    TestFiles.deleteTree(tmp);
  }

  @Test
  void trickledMultipartUploadIsCutOffAtTheDeadlineWith408() throws Exception {
    String head = "POST /api/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + submitter
        + "\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 100000\r\n\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.pkl\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    Answer a = slowLoris(head);
    assertThat(a.statusLine()).isEqualTo("HTTP/1.1 408 Request Timeout");
    assertThat(a.body()).contains("\"status\":408").contains("took longer than the limit of 3 s").contains("too slowly").doesNotContain("Exception");
    assertThat(client.get("/api/scans", submitter).json().path("scans")).isEmpty();
    assertThat(client.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void trickledJsonBodyIsCutOffToo() throws Exception {
    Answer a = slowLoris("POST /api/scans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + submitter
        + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"path\": \"/");
    assertThat(a.statusLine()).startsWith("HTTP/1.1 408");
    assertThat(a.body()).contains("took longer than the limit of 3 s");
  }

  private record Answer(String statusLine, String body, double seconds) {}

  /**
   * Sends {@code head}, then one byte every 200 ms until the server answers or closes; returns the
   * answer and asserts it came after the deadline and well before the 30 s idle timeout could.
   */
  private Answer slowLoris(String head) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long t0 = System.nanoTime();
      Thread trickle = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(200);
            out.write('a');
            out.flush();
          }
        } catch (IOException | InterruptedException e) {
          // the server closed the connection, or the test is done
        }
      }, "slow-loris");
      trickle.setDaemon(true);
      trickle.start();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      try {
        while ((n = in.read(buf)) > 0) {
          got.write(buf, 0, n);
          if (complete(got.toString(StandardCharsets.UTF_8))) break;
        }
      } catch (IOException e) {
        // connection reset after the answer: what was read counts
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      trickle.interrupt();
      String text = got.toString(StandardCharsets.UTF_8);
      System.out.printf("DEADLINE slow-loris request answered after %.1f s (deadline %d s, idle timeout %d s): %s%n", seconds,
          DEADLINE.toSeconds(), ModelVetServer.IDLE_TIMEOUT.toSeconds(), text.lines().findFirst().orElse("(nothing)"));
      assertThat(seconds).as("cut off by the deadline, not by the idle timeout").isBetween(DEADLINE.toSeconds() - 0.5, DEADLINE.toSeconds() + 8.0);
      int split = text.indexOf("\r\n\r\n");
      return new Answer(text.lines().findFirst().orElse(""), split < 0 ? "" : text.substring(split + 4), seconds);
    }
  }

  /** A response whose headers and Content-Length bytes of body have arrived. */
  private static boolean complete(String text) {
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) return false;
    for (String line : text.substring(0, split).split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        int len = Integer.parseInt(line.substring(15).trim());
        return text.getBytes(StandardCharsets.UTF_8).length - split - 4 >= len;
      }
    }
    return false;
  }
}
