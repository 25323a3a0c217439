package io.modelvet.engine;

import io.modelvet.io.ByteSource;
import io.modelvet.io.TextBytes;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a scanner sees when asked whether it handles a file: the first bytes, the size, the name
 * (for messages and extension checks only, never for detection) and the source for a deeper look.
 */
public final class Head {
  public static final int SIZE = 64 * 1024;

  private final byte[] bytes;
  private final long size;
  private final String name;
  private final ByteSource source;
  private Boolean text; // looksLikeText(), computed once: most sniffers of text formats ask
  private String latin1;
  private java.util.Map<Object, Object> derived; // values computed from the head by sniffers, shared between them

  public Head(byte[] bytes, long size, String name, ByteSource source) {
    this.bytes = bytes;
    this.size = size;
    this.name = name;
    this.source = source;
  }

  /** The first {@link #SIZE} bytes or fewer. */
  public byte[] bytes() {
    return bytes;
  }

  public long size() {
    return size;
  }

  /** Base name of the file or member. */
  public String name() {
    return name;
  }

  /** Lower-case extension without the dot ("pt"), or "" when there is none. */
  public String extension() {
    int slash = name.lastIndexOf('/');
    String base = slash >= 0 ? name.substring(slash + 1) : name;
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  public ByteSource source() {
    return source;
  }

  public int length() {
    return bytes.length;
  }

  public int u8(int i) {
    return i < bytes.length ? bytes[i] & 0xff : -1;
  }

  /** True when the head starts with these bytes at {@code offset}. */
  public boolean startsWith(int offset, byte... magic) {
    if (offset + magic.length > bytes.length) return false;
    for (int i = 0; i < magic.length; i++) if (bytes[offset + i] != magic[i]) return false;
    return true;
  }

  public boolean startsWith(String ascii) {
    return startsWith(0, ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Little-endian u64 at {@code i}, or -1 when the head is too short. */
  public long u64(int i) {
    if (i + 8 > bytes.length) return -1;
    long v = 0;
    for (int k = 7; k >= 0; k--) v = (v << 8) | (bytes[i + k] & 0xff);
    return v;
  }

  /** Little-endian u32 at {@code i}, or -1 when the head is too short. */
  public long u32(int i) {
    if (i + 4 > bytes.length) return -1;
    return (bytes[i] & 0xffL) | (bytes[i + 1] & 0xffL) << 8 | (bytes[i + 2] & 0xffL) << 16 | (bytes[i + 3] & 0xffL) << 24;
  }

  /** The head as ISO-8859-1 text (one char per byte), for substring checks; made once per head. */
  public String latin1() {
    if (latin1 == null) latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
    return latin1;
  }

  /**
   * True when the head is UTF-8 text without control bytes other than whitespace (a multi-byte
   * character cut by the end of a head of a longer file is fine): the first test of every sniffer
   * of a text format, computed once per head.
   */
  public boolean looksLikeText() {
    if (text == null) text = TextBytes.looksLikeText(bytes, bytes.length, size <= bytes.length);
    return text;
  }

  /**
   * A value computed from this head once and shared by every sniffer that asks with the same
   * function instance (a {@code static final} field): several sniffers read, for example, the top-level
   * keys of a JSON head. The value must not be modified by its users.
   */
  @SuppressWarnings("unchecked")
  public <T> T derived(java.util.function.Function<Head, T> compute) {
    if (derived == null) derived = new java.util.IdentityHashMap<>(4);
    Object v = derived.get(compute);
    if (v == null && !derived.containsKey(compute)) {
      v = compute.apply(this);
      derived.put(compute, v);
    }
    return (T) v;
  }
}
