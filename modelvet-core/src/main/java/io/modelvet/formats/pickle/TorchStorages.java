package io.modelvet.formats.pickle;

import io.modelvet.engine.FolderView;
import io.modelvet.formats.common.ReviewedData;
import io.modelvet.formats.pickle.PValue.Call;
import io.modelvet.formats.pickle.PValue.Global;
import io.modelvet.formats.pickle.PValue.Seq;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tensor storages a torch pickle declares, checked against the bytes that back them
 * (CVE-2026-24747). A persistent id {@code ('storage', <class>, key, location, numel[, view])}
 * declares a storage of {@code numel} elements; {@code _rebuild_tensor_v2(storage, offset, size,
 * stride, ...)} makes a tensor that reads elements {@code offset + sum((size[i]-1) * stride[i])}
 * of it. The bytes are the {@code data/<key>} member next to {@code data.pkl} in a zip ({@code
 * constants/<key>} for TorchScript's {@code constants.pkl}), or, in the legacy stacked-pickle
 * format, an 8-byte element count and the raw bytes after the key list. Nothing is read beyond
 * sizes; storages stay unread.
 */
final class TorchStorages {
  /** The first pickle of a legacy file: LONG1 of torch's magic number 0x1950a86a20f9469cfc6c. */
  static final byte[] MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e};

  /** Storages kept per pickle: far above any real checkpoint, bounded against hostile ones. */
  private static final int MAX_STORAGES = 200_000;
  private static final Map<String, Integer> ELEMENT = new HashMap<>();
  private static final Set<String> VIEWS = new HashSet<>();

  static {
    for (String[] row : ReviewedData.load("/io/modelvet/pickle/torch-storages.tsv", 3)) ELEMENT.put(row[0], Integer.parseInt(row[1]));
    for (String[] row : ReviewedData.load("/io/modelvet/pickle/torch-views.tsv", 3)) VIEWS.add(row[0] + "." + row[1]);
  }

  /** Receives findings (the analyzer's report, which tracks the worst severity). */
  interface Sink {
    void report(String rule, Severity severity, long offset, String message, String evidence);
  }

  /** One declared storage: element size null when the class is unknown, numel null when unusable. */
  private record Declared(String key, String type, Integer elementSize, Long numel, long offset) {
    Long bytes() {
      return elementSize == null || numel == null ? null : numel * elementSize; // numel was checked not to overflow
    }

    String describe() {
      return "storage '" + key + "' (" + type + ")";
    }
  }

  private final Sink sink;
  private final Map<String, Declared> storages = new LinkedHashMap<>();
  private Severity viewSeverity = Severity.MEDIUM;
  private String viewRisk = "Python's torch.load refuses it for a plain checkpoint, but the same view in a TorchScript archive reads and writes memory past the storage; torch.save never writes it.";

  TorchStorages(Sink sink) {
    this.sink = sink;
  }

  /** Marks the stream as the legacy format, where torch checks sizes itself (findings are LOW). */
  void legacyFormat() {
    viewSeverity = Severity.LOW;
    viewRisk = "torch refuses this legacy file; torch.save never writes such a view.";
  }

  /** Marks the stream as a pickle of a TorchScript archive, whose C++ unpickler does not bound-check views. */
  void torchScript() {
    viewSeverity = Severity.HIGH;
    viewRisk = "torch.jit.load, and torch.load of a TorchScript archive, set the view without a bounds check, so the tensor reads and writes memory past the storage.";
  }

  /** Records a persistent id; reports an unusable element count. */
  void persistent(long offset, PValue pid) {
    if (!(pid instanceof Seq t) || t.items.size() < 5 || !(t.items.get(0) instanceof PValue.Str tag) || !tag.text().equals("storage")
        || !(t.items.get(1) instanceof Global type) || !type.module().startsWith("torch") || !(t.items.get(2) instanceof PValue.Str key))
      return;
    if (storages.containsKey(key.text()) || storages.size() >= MAX_STORAGES) return; // torch keeps the first declaration of a key
    Integer size = ELEMENT.get(type.name());
    Long numel = null;
    PValue n = t.items.get(4);
    if (n instanceof PValue.Int i && i.value() >= 0 && (size == null || i.value() <= Long.MAX_VALUE / size)) {
      numel = i.value();
    } else {
      String why = n instanceof PValue.Int i && i.value() < 0 ? "a negative element count"
          : n instanceof PValue.Int || isBigInt(n) ? "an element count whose byte size overflows 64 bits" : "an element count that is not an integer";
      sink.report("pytorch.storage-invalid", Severity.MEDIUM, offset,
          "The pickle declares tensor storage '" + key.text() + "' with " + why + ". torch.save never writes this; it is aimed at the size arithmetic of the loader.",
          "storage '" + key.text() + "' (" + type.name() + "): numel " + PseudoCode.render(n));
    }
    storages.put(key.text(), new Declared(key.text(), type.name(), size, numel, offset));
  }

  private static boolean isBigInt(PValue v) {
    return v instanceof PValue.Scalar s && (s.text().matches("-?\\d+") || s.text().startsWith("<int of"));
  }

  /** Checks a tensor rebuilt over a declared storage: its view must stay inside the storage. */
  void call(Call c) {
    if (!(c.callee instanceof Global g) || !VIEWS.contains(g.qualified())) return;
    if (!(c.arg(0) instanceof PValue.Persistent p) || !(p.pid() instanceof Seq t) || t.items.size() < 3 || !(t.items.get(2) instanceof PValue.Str key)) return;
    Declared d = storages.get(key.text());
    long[] size = ints(c.arg(2));
    long[] stride = ints(c.arg(3));
    if (d == null || d.numel() == null || !(c.arg(1) instanceof PValue.Int offset) || size == null || stride == null || size.length != stride.length) return;
    String view = "offset " + offset.value() + ", size " + PseudoCode.render(c.arg(2)) + ", stride " + PseudoCode.render(c.arg(3));
    long extent = extent(offset.value(), size, stride);
    if (extent < 0) {
      sink.report("pytorch.storage-invalid", Severity.MEDIUM, c.offset,
          "A tensor over " + d.describe() + " has a negative offset, size or stride, or a view whose extent overflows 64 bits. torch.save never writes this.",
          d.describe() + ": " + view);
    } else if (extent > d.numel()) {
      sink.report("pytorch.tensor-out-of-bounds", viewSeverity, c.offset,
          "A tensor view reaches element " + (extent - 1) + " of " + d.describe() + ", which declares " + d.numel() + " elements. " + viewRisk,
          d.describe() + " declares " + d.numel() + " elements; " + view + " needs " + extent);
    }
  }

  /** Elements a view needs (offset + last index + 1), 0 for an empty tensor, -1 for negative or overflowing values. */
  static long extent(long offset, long[] size, long[] stride) {
    if (offset < 0) return -1;
    try {
      long last = offset;
      for (int i = 0; i < size.length; i++) {
        if (size[i] < 0 || stride[i] < 0) return -1;
        if (size[i] == 0) return 0;
        last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
      }
      return Math.addExact(last, 1);
    } catch (ArithmeticException overflow) {
      return -1;
    }
  }

  private static long[] ints(PValue v) {
    if (!(v instanceof Seq s) || !s.complete()) return null;
    long[] out = new long[s.items.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(s.items.get(i) instanceof PValue.Int n)) return null;
      out[i] = n.value();
    }
    return out;
  }

  /** Element size of the storage with this key, or null when no persistent id declared it with a known class. */
  Integer elementSize(String key) {
    Declared d = storages.get(key);
    return d == null ? null : d.elementSize();
  }

  /**
   * Checks the storages a zip member ({@code data.pkl} or TorchScript's {@code constants.pkl})
   * declares against the sizes of the members in {@code folder} (its archive folder).
   */
  void checkArchive(FolderView folder, String memberName) throws IOException {
    String base = memberName.substring(memberName.lastIndexOf('/') + 1);
    String dir = base.equals("data.pkl") ? "data/" : base.equals("constants.pkl") ? "constants/" : null;
    if (dir == null) return;
    for (Declared d : storages.values()) {
      long present = folder.size(dir + d.key());
      String where = folder.describe() + "/" + dir + d.key();
      if (present < 0) {
        sink.report("pytorch.storage-missing", Severity.LOW, d.offset(),
            "The pickle declares " + d.describe() + " but the archive has no member " + dir + d.key() + "; torch cannot load the file.",
            d.describe() + ": no member " + where);
        continue;
      }
      Long declared = d.bytes();
      if (declared != null && declared > present)
        sink.report("pytorch.storage-overrun", Severity.HIGH, d.offset(),
            "The pickle declares " + d.describe() + " as " + declared + " bytes, but its member holds only " + present
                + ". torch <= 2.9.1 builds the storage over the member with the declared size, so the tensor reads and writes memory past it, also under weights_only=True (CVE-2026-24747).",
            d.describe() + ": declared " + d.numel() + " elements x " + d.elementSize() + " bytes = " + declared + " bytes; member " + where + " holds " + present + " bytes");
    }
  }

  /**
   * Checks one storage of a legacy file: the element count written before its bytes, against the
   * declaration. Returns the bytes to skip, or -1 when the storage cannot be sized (reported).
   */
  long legacyStorage(String key, long written, long offset, long remaining) {
    Declared d = storages.get(key);
    if (d == null) {
      sink.report("pytorch.storage-missing", Severity.LOW, offset,
          "The key list of this legacy file names storage '" + key + "', which no tensor declared; torch refuses the file.", "storage '" + key + "'");
      return -1;
    }
    if (d.elementSize() == null) return -1;
    String counts = d.describe() + ": declared " + d.numel() + " elements, written " + written + " elements of " + d.elementSize() + " bytes, " + remaining + " bytes left in the file";
    if (written < 0 || written > remaining / d.elementSize()) {
      sink.report("pytorch.storage-overrun", Severity.LOW, offset,
          "The legacy file says " + d.describe() + " has " + written + " elements, more than the " + remaining + " bytes left in the file hold. torch stops with an error on it.", counts);
      return -1;
    }
    if (d.numel() != null && written != d.numel())
      sink.report("pytorch.storage-overrun", Severity.LOW, offset,
          "The legacy file writes " + written + " elements for " + d.describe() + " but the pickle declares " + d.numel() + ". torch compares the two and refuses the file; torch.save never writes this.", counts);
    return written * d.elementSize();
  }

  /** After a legacy file's key list: storages declared but never written. */
  void legacyUnwritten(Set<String> written, long offset) {
    for (Declared d : storages.values())
      if (!written.contains(d.key()))
        sink.report("pytorch.storage-missing", Severity.LOW, offset,
            "The pickle declares " + d.describe() + " but the legacy file's key list does not name it, so torch never fills it: the tensor holds uninitialised memory.",
            d.describe() + ": not in the key list");
  }
}
