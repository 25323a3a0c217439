package io.modelvet.formats.tensorflow;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.proto.WireFields;
import io.modelvet.formats.common.proto.WireFields.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code fingerprint.pb} of a SavedModel: a small {@code FingerprintDef} of hashes (fields 1-5,
 * varints) and a VersionDef (field 6). Pure data; recognised so that it is not reported as an
 * unknown file.
 */
public final class TfFingerprintScanner implements Scanner {
  private static final int MAX_SIZE = 4096;

  @Override
  public String format() {
    return "tf-fingerprint";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("pb");
  }

  /** The whole file parses as FingerprintDef fields, each at most once, with three or more hashes. */
  @Override
  public int sniffCeiling() {
    return 60;
  }

  @Override
  public int sniff(Head head) {
    if (head.size() > MAX_SIZE || head.size() != head.length()) return 0;
    byte[] b = head.bytes();
    List<Field> fields = WireFields.parse(b, 0, b.length, false, 16);
    if (fields == null) return 0;
    Set<Integer> seen = new HashSet<>();
    int hashes = 0;
    for (Field f : fields) {
      if (!seen.add(f.number())) return 0;
      if (f.number() >= 1 && f.number() <= 5 && f.wire() == 0) hashes++;
      else if (!(f.number() == 6 && f.wire() == 2)) return 0;
    }
    return hashes >= 3 ? 60 : 0;
  }

  @Override
  public void scan(ScanContext ctx) {
    // Hashes only: nothing is loaded or run from this file.
  }
}
