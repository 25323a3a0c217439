package io.modelvet.bench;

import io.modelvet.ModelVet;
import io.modelvet.engine.ScanOptions;
import io.modelvet.report.FileResult;
import io.modelvet.report.ScanReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shows that safetensors and GGUF scans read only headers: writes a 10 GiB sparse file of each
 * format (a real header, then {@code RandomAccessFile.setLength}) and times several scans.
 * Not a unit test; run its {@code main} with the test classpath.
 */
public final class HeaderOnlyBench {
  private static final long GIB = 1L << 30;
  private static final int TENSORS = 10;
  private static final String TEMPLATE =
      "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
          + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

  private HeaderOnlyBench() {}

  public static void main(String[] args) throws IOException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path dir = Files.createTempDirectory("modelvet-bench");
    try {
      Path st = sparseSafetensors(dir.resolve("big.safetensors"));
      Path gg = sparseGguf(dir.resolve("big.gguf"));
      time("safetensors", st, runs);
      time("gguf", gg, runs);
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) Files.delete(p);
      }
      Files.delete(dir);
    }
  }

  private static void time(String label, Path file, int runs) throws IOException {
    ModelVet mv = ModelVet.scanner(ScanOptions.defaults().withThreads(1));
    for (int i = 1; i <= runs; i++) {
      long t0 = System.nanoTime();
      ScanReport r = mv.scan(file);
      double ms = (System.nanoTime() - t0) / 1e6;
      FileResult f = r.files().get(0);
      System.out.printf("%-12s run %d: %8.2f ms  size=%d format=%s verdict=%s findings=%d%n",
          label, i, ms, Files.size(file), f.format(), f.verdict(), f.findings().size());
    }
  }

  /** Ten 1 GiB F32 tensors described by a spec-conformant header, data left sparse. */
  static Path sparseSafetensors(Path p) throws IOException {
    StringBuilder json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
    long elems = GIB / 4;
    for (int i = 0; i < TENSORS; i++) {
      json.append(",\"layer").append(i).append(".weight\":{\"dtype\":\"F32\",\"shape\":[").append(elems)
          .append("],\"data_offsets\":[").append(i * GIB).append(',').append((i + 1) * GIB).append("]}");
    }
    json.append('}');
    while (json.length() % 8 != 0) json.append(' ');
    byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.write(le64(h.length));
      f.write(h);
      f.setLength(8 + h.length + TENSORS * GIB);
    }
    return p;
  }

  /** GGUF v3 with llama-style metadata, a chat template and ten 1 GiB F32 tensors, data sparse. */
  static Path sparseGguf(Path p) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(le32(3));
    b.writeBytes(le64(TENSORS));
    b.writeBytes(le64(4));
    kvString(b, "general.architecture", "llama");
    kvString(b, "general.name", "bench");
    kvU32(b, "general.alignment", 32);
    kvString(b, "tokenizer.chat_template", TEMPLATE);
    for (int i = 0; i < TENSORS; i++) {
      string(b, "blk." + i + ".ffn.weight");
      b.writeBytes(le32(1));
      b.writeBytes(le64(GIB / 4));
      b.writeBytes(le32(0)); // F32
      b.writeBytes(le64(i * GIB));
    }
    while (b.size() % 32 != 0) b.write(0);
    try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
      f.write(b.toByteArray());
      f.setLength(b.size() + TENSORS * GIB);
    }
    return p;
  }

  private static void kvString(ByteArrayOutputStream b, String k, String v) {
    string(b, k);
    b.writeBytes(le32(8));
    string(b, v);
  }

  private static void kvU32(ByteArrayOutputStream b, String k, int v) {
    string(b, k);
    b.writeBytes(le32(4));
    b.writeBytes(le32(v));
  }

  private static void string(ByteArrayOutputStream b, String s) {
    byte[] raw = s.getBytes(StandardCharsets.UTF_8);
    b.writeBytes(le64(raw.length));
    b.writeBytes(raw);
  }

  private static byte[] le64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
