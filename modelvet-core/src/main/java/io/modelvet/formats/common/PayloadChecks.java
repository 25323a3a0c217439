package io.modelvet.formats.common;

import io.modelvet.engine.BudgetExceededException;
import io.modelvet.engine.ScanContext;
import io.modelvet.io.ArrayByteSource;
import io.modelvet.report.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generic payload checks for any format's free-text fields and unparsed regions: embedded
 * executables (ELF, PE, Mach-O, shebang scripts), pickles hiding inside other formats (raw or
 * base64/hex encoded; they are scanned as members), and code or shell commands in data fields.
 * The text patterns are reviewed data in {@code io/modelvet/payload/string-patterns.json}.
 */
public final class PayloadChecks {
  /** Strings longer than this are only checked in their first part, to bound regex time. */
  private static final int MAX_TEXT = 256 * 1024;

  private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/=\\s]{16,}$");
  private static final Pattern HEX = Pattern.compile("^(?:[0-9a-fA-F]{2}){8,}$");
  private static final List<TextPattern> PATTERNS = loadPatterns();
  private static final List<Pattern> SNIPPETS = loadSnippets();

  private PayloadChecks() {}

  /** Checks a string field that a loader or tool may evaluate (config entry, Keras attribute). */
  public static void checkString(ScanContext ctx, String value, String where, long offset) {
    check(ctx, value, where, offset, false);
  }

  /**
   * Checks inert free text that no loader evaluates (safetensors {@code __metadata__}, ONNX doc
   * strings and metadata, GGUF keys other than the chat template). Prose that only mentions code is
   * LOW; a complete executable snippet (a call with a string argument, decoded-and-executed code, a
   * shell command line, an embedded pickle or executable) keeps MEDIUM.
   */
  public static void checkInertText(ScanContext ctx, String value, String where, long offset) {
    check(ctx, value, where, offset, true);
  }

  private static void check(ScanContext ctx, String value, String where, long offset, boolean inert) {
    if (value == null || value.isEmpty()) return;
    String text = value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) : value;
    boolean snippet = inert && SNIPPETS.stream().anyMatch(p -> p.matcher(text).find());
    for (TextPattern p : PATTERNS) {
      Matcher m = p.regex.matcher(text);
      if (m.find()) {
        if (inert && p.rule.equals("payload.code-in-text") && !snippet) {
          ctx.report(p.rule, Severity.LOW, offset, "Prose in " + where + " mentions code, but no loader evaluates this field and it holds no complete executable snippet. " + p.reason, excerpt(text, m.start(), m.end()));
        } else {
          ctx.report(p.rule, p.severity, offset, describe(p.rule, where) + (inert ? " The field is inert (no loader evaluates it), but it holds a complete executable snippet." : "") + " " + p.reason, excerpt(text, m.start(), m.end()));
        }
      }
    }
    byte[] decoded = decode(text.strip());
    if (decoded != null) checkBytes(ctx, decoded, where + " (decoded)", offset);
  }

  /** Checks an unparsed byte region: an executable header or a pickle stream at its start. */
  public static void checkBytes(ScanContext ctx, byte[] data, String where, long offset) {
    String exe = executableKind(data);
    if (exe != null) {
      ctx.report(
          "general.embedded-executable",
          offset,
          "A " + exe + " sits in " + where + ". Model data has no use for native code or scripts; a loader gadget or a later step may drop and run it.",
          exe + " header: " + hex(data, 16));
      return;
    }
    if (looksLikePickle(data)) {
      ctx.report(
          "payload.embedded-pickle",
          offset,
          "A pickle stream is embedded in " + where + "; whatever unpickles it runs the callables it names. It is scanned as a member.",
          hex(data, 16));
      try {
        ctx.scanMember(memberName(where, offset), new ArrayByteSource(data));
      } catch (BudgetExceededException e) {
        ctx.inconclusive(e.getMessage());
      }
    }
  }

  /** "ELF executable", "PE executable", ... or null. */
  public static String executableKind(byte[] d) {
    if (d.length >= 4 && d[0] == 0x7f && d[1] == 'E' && d[2] == 'L' && d[3] == 'F') return "ELF executable";
    if (d.length >= 0x40 && d[0] == 'M' && d[1] == 'Z') {
      long peOffset = (d[0x3c] & 0xffL) | (d[0x3d] & 0xffL) << 8 | (d[0x3e] & 0xffL) << 16 | (d[0x3f] & 0xffL) << 24;
      if (peOffset > 0 && peOffset + 4 <= d.length && d[(int) peOffset] == 'P' && d[(int) peOffset + 1] == 'E' && d[(int) peOffset + 2] == 0 && d[(int) peOffset + 3] == 0)
        return "PE (Windows) executable";
    }
    if (d.length >= 4) {
      int be = (d[0] & 0xff) << 24 | (d[1] & 0xff) << 16 | (d[2] & 0xff) << 8 | (d[3] & 0xff);
      if (be == 0xfeedface || be == 0xfeedfacf || be == 0xcefaedfe || be == 0xcffaedfe) return "Mach-O executable";
    }
    if (d.length >= 3 && d[0] == '#' && d[1] == '!' && d[2] == '/') return "script with an interpreter line";
    return null;
  }

  /** A complete pickle program with a protocol 2-5 header ({@link PickleProgram#prove}). */
  public static boolean looksLikePickle(byte[] d) {
    return PickleProgram.prove(d) != null;
  }

  private static byte[] decode(String s) {
    if (s.length() < 24) return null;
    try {
      if (HEX.matcher(s).matches()) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return interesting(out) ? out : null;
      }
      if (BASE64.matcher(s).matches()) {
        byte[] out = Base64.getMimeDecoder().decode(s);
        return interesting(out) ? out : null;
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  private static boolean interesting(byte[] d) {
    return executableKind(d) != null || looksLikePickle(d);
  }

  private static String describe(String rule, String where) {
    return switch (rule) {
      case "payload.code-in-text" -> "Code that runs commands was found in " + where + ".";
      case "payload.shell-command" -> "A shell command was found in " + where + ".";
      case "payload.script-markup" -> "Script markup was found in " + where + ".";
      default -> "Suspicious content in " + where + ".";
    };
  }

  private static String memberName(String where, long offset) {
    String w = where.replaceAll("[^A-Za-z0-9._-]+", "_");
    return w + (offset >= 0 ? "@" + offset : "");
  }

  private static String excerpt(String text, int start, int end) {
    int from = Math.max(0, start - 40);
    int to = Math.min(text.length(), Math.max(end, start + 40) + 40);
    String s = text.substring(from, to).replace("\n", "\\n");
    return (from > 0 ? "…" : "") + s + (to < text.length() ? "…" : "");
  }

  private static String hex(byte[] d, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(max, d.length); i++) sb.append(String.format("%02x", d[i] & 0xff));
    return sb.toString();
  }

  private record TextPattern(String rule, Severity severity, Pattern regex, String reason) {}

  private static List<Pattern> loadSnippets() {
    try (InputStream in = PayloadChecks.class.getResourceAsStream("/io/modelvet/payload/executable-snippets.json")) {
      if (in == null) throw new IllegalStateException("executable snippet patterns missing from the classpath");
      List<Pattern> out = new ArrayList<>();
      for (java.util.Map<String, String> n : JsonSupport.readFlatRecords(in, "executable-snippets.json")) {
        if (n.getOrDefault("reason", "").isBlank()) throw new IllegalStateException("executable-snippets.json: entry without reason");
        out.add(Pattern.compile(n.get("regex")));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<TextPattern> loadPatterns() {
    try (InputStream in = PayloadChecks.class.getResourceAsStream("/io/modelvet/payload/string-patterns.json")) {
      if (in == null) throw new IllegalStateException("payload patterns missing from the classpath");
      List<TextPattern> out = new ArrayList<>();
      for (java.util.Map<String, String> n : JsonSupport.readFlatRecords(in, "string-patterns.json")) {
        out.add(new TextPattern(n.get("rule"), Severity.parse(n.get("severity")), Pattern.compile(n.get("regex")), n.get("reason")));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
