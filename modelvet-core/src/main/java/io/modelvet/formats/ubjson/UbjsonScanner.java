package io.modelvet.formats.ubjson;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.io.MalformedException;
import io.modelvet.io.SourceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * Universal Binary JSON (UBJSON draft 12), the binary model format of XGBoost ({@code
 * save_model("model.ubj")}). Loading it runs no code; the walk checks that the document is
 * well-formed and passes every string value to {@link PayloadChecks}. Typed numeric arrays (tree
 * weights) are skipped by their declared size; depth and string sizes are bounded.
 */
public final class UbjsonScanner implements Scanner {
  private static final int MAX_DEPTH = 1000;
  private static final long MAX_CHECKED_STRING = 64 * 1024;

  @Override
  public String format() {
    return "ubjson";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("ubj", "ubjson");
  }

  @Override
  public int sniffCeiling() {
    return 60;
  }

  @Override
  public int sniff(Head head) {
    int open = head.u8(0);
    int next = head.u8(1);
    if (open != '{' && open != '[') return 0;
    if (open == '{' && (next == 'i' || next == 'U' || next == 'I' || next == 'l' || next == 'L') && head.length() > 10) {
      int width = next == 'L' ? 8 : next == 'l' ? 4 : next == 'I' ? 2 : 1;
      long n = 0;
      for (int i = 0; i < width; i++) n = n << 8 | head.u8(2 + i);
      if (n <= 0 || n > 256 || 2 + width + n > head.length()) return 0;
      for (int i = 0; i < n; i++) {
        int c = head.u8(2 + width + i);
        if (c < 0x20 || c > 0x7e) return 0;
      }
      return 60; // an object whose first key is a short printable name with a binary length prefix
    }
    return 0;
  }

  /** One open container: its kind, the elements still expected (-1: until the end marker) and their fixed type. */
  private static final class Frame {
    final boolean object;
    long remaining;
    final int type;
    boolean expectKey;
    int pending = -1; // first byte of an unsized container, read while looking for $ and #

    Frame(boolean object, long remaining, int type) {
      this.object = object;
      this.remaining = remaining;
      this.type = type;
      this.expectKey = object;
    }
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    SourceReader in = SourceReader.of(ctx.source());
    Deque<Frame> stack = new ArrayDeque<>();
    int values = 0;
    do {
      if ((++values & 0xfff) == 0) ctx.checkDeadline();
      Frame top = stack.peek();
      if (top != null && top.remaining == 0) {
        stack.pop();
        continue;
      }
      if (top != null && top.remaining < 0 && top.type == 0) {
        int peek = top.pending >= 0 ? top.pending : in.readU8();
        top.pending = -1;
        if (peek == (top.object ? '}' : ']')) {
          stack.pop();
          continue;
        }
        if (top.expectKey) {
          skipKey(in, peek);
          top.expectKey = false;
          continue;
        }
        value(ctx, in, peek, stack);
        if (top.object) top.expectKey = true;
        continue;
      }
      if (top != null && top.expectKey) {
        skipKey(in, in.readU8());
        top.expectKey = false;
        continue;
      }
      int marker = top != null && top.type != 0 ? top.type : in.readU8();
      if (top != null) {
        top.remaining--;
        if (top.object) top.expectKey = true;
      }
      value(ctx, in, marker, stack);
      if (stack.size() > MAX_DEPTH) throw new MalformedException("UBJSON nesting deeper than " + MAX_DEPTH);
    } while (!stack.isEmpty());
    if (!in.atEnd()) throw new MalformedException("data after the UBJSON document at offset " + in.position());
  }

  /** Object keys are a length (any int marker) and UTF-8 bytes, without an 'S' marker. */
  private static void skipKey(SourceReader in, int lengthMarker) throws IOException {
    in.skip(length(in, lengthMarker));
  }

  private static void value(ScanContext ctx, SourceReader in, int marker, Deque<Frame> stack) throws IOException {
    switch (marker) {
      case 'Z', 'N', 'T', 'F' -> {}
      case 'i', 'U', 'C' -> in.skip(1);
      case 'I' -> in.skip(2);
      case 'l', 'd' -> in.skip(4);
      case 'L', 'D' -> in.skip(8);
      case 'S', 'H' -> {
        long at = in.position();
        long n = length(in, in.readU8());
        if (n <= MAX_CHECKED_STRING) {
          String s = new String(in.readBytes(n, MAX_CHECKED_STRING), StandardCharsets.UTF_8);
          if (marker == 'S') PayloadChecks.checkString(ctx, s, "UBJSON string", at);
        } else {
          in.skip(n);
        }
      }
      case '[', '{' -> open(in, marker == '{', stack);
      default -> throw new MalformedException(String.format("invalid UBJSON marker 0x%02x at offset %d", marker, in.position() - 1));
    }
  }

  /** Opens a container, reading the optional {@code $type} and {@code #count}; typed numbers are skipped at once. */
  private static void open(SourceReader in, boolean object, Deque<Frame> stack) throws IOException {
    long mark = in.position();
    int c = in.readU8();
    int type = 0;
    long count = -1;
    if (c == '$') {
      type = in.readU8();
      c = in.readU8();
      if (c != '#') throw new MalformedException("UBJSON typed container without a count at offset " + mark);
    }
    if (c == '#') {
      count = length(in, in.readU8());
    } else {
      Frame f = new Frame(object, -1, 0); // not optimized: the byte read is the first element's (or the end marker)
      f.pending = c;
      stack.push(f);
      return;
    }
    int width = switch (type) {
      case 'i', 'U', 'C' -> 1;
      case 'I' -> 2;
      case 'l', 'd' -> 4;
      case 'L', 'D' -> 8;
      default -> 0;
    };
    if (!object && width > 0) {
      in.skip(Math.multiplyExact(count, width));
      return;
    }
    stack.push(new Frame(object, count, type));
  }

  /** A non-negative count or length given as an int value with its marker. */
  private static long length(SourceReader in, int marker) throws IOException {
    long n = switch (marker) {
      case 'i' -> (byte) in.readU8();
      case 'U' -> in.readU8();
      case 'I' -> (short) be(in, 2);
      case 'l' -> (int) be(in, 4);
      case 'L' -> be(in, 8);
      default -> throw new MalformedException(String.format("UBJSON length with marker 0x%02x at offset %d", marker, in.position() - 1));
    };
    if (n < 0 || n > in.remaining()) throw new MalformedException("UBJSON length " + n + " at offset " + in.position() + " exceeds the data");
    return n;
  }

  private static long be(SourceReader in, int width) throws IOException {
    long v = 0;
    for (int i = 0; i < width; i++) v = v << 8 | in.readU8();
    return v;
  }
}
