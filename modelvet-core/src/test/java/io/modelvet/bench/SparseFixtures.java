package io.modelvet.bench;

import io.modelvet.formats.archive.StoredZipWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Huge model files that take no disk space (data left as holes), for benchmarks and budget tests. */
public final class SparseFixtures {
  private SparseFixtures() {}

  /** A {@code torch.save} zip: {@code pickle} as data.pkl, one storage of {@code storageBytes} zeros. */
  public static Path torchZip(Path p, byte[] pickle, long storageBytes) throws IOException {
    Files.deleteIfExists(p);
    try (StoredZipWriter w = new StoredZipWriter(new RandomAccessFile(p.toFile(), "rw"), storageBytes >= 0xffffffffL)) {
      w.add("archive/data.pkl", pickle);
      w.addZeros("archive/data/0", storageBytes);
      w.add("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
      w.finish();
    }
    return p;
  }

  /** Ten 1 GiB F32 tensors behind a spec-conformant safetensors header. */
  public static Path sparseSafetensors(Path p) throws IOException {
    return HeaderOnlyBench.sparseSafetensors(p);
  }
}
