package io.modelvet.formats.pickle;

import io.modelvet.formats.pickle.PValue.Seq;
import java.util.HashMap;
import java.util.Map;

/**
 * The legacy (pre-1.6) {@code torch.save} layout: five pickles (magic number, protocol version,
 * system info, the object, the sorted storage keys) followed by each storage as an 8-byte element
 * count and its raw bytes. This collects the storages' element sizes from the persistent ids of
 * the object pickle so the raw bytes can be skipped exactly.
 */
final class LegacyTorch {
  /** The first pickle of a legacy file: LONG1 of torch's magic number 0x1950a86a20f9469cfc6c. */
  static final byte[] MAGIC = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e};

  private static final Map<String, Integer> ELEMENT = new HashMap<>();

  static {
    String[] sizes = {"Double:8", "Float:4", "Half:2", "BFloat16:2", "Long:8", "Int:4", "Short:2", "Char:1", "Byte:1", "Bool:1",
      "ComplexDouble:16", "ComplexFloat:8", "QInt32:4", "QInt8:1", "QUInt8:1", "QUInt4x2:1", "QUInt2x4:1"};
    for (String s : sizes) {
      String[] f = s.split(":");
      ELEMENT.put(f[0] + "Storage", Integer.parseInt(f[1]));
    }
  }

  private final Map<String, Integer> storages = new HashMap<>();

  void persistent(PValue pid) {
    if (pid instanceof Seq t && t.items.size() >= 3 && t.items.get(0) instanceof PValue.Str tag && tag.text().equals("storage")
        && t.items.get(1) instanceof PValue.Global type && t.items.get(2) instanceof PValue.Str key) {
      Integer size = ELEMENT.get(type.name());
      if (size != null) storages.put(key.text(), size);
    }
  }

  /** Element size of the storage with this key, or null when no persistent id named it. */
  Integer elementSize(String key) {
    return storages.get(key);
  }
}
