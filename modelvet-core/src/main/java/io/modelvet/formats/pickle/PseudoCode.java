package io.modelvet.formats.pickle;

import io.modelvet.formats.pickle.PValue.Call;
import io.modelvet.formats.pickle.PValue.Dict;
import io.modelvet.formats.pickle.PValue.Seq;

/**
 * Renders symbolic values as Python-like code for evidence, e.g. {@code os.system('echo hi')}.
 * Long literals and containers are truncated and depth is bounded, so self-referencing or huge
 * structures render in bounded time and space.
 */
public final class PseudoCode {
  private static final int MAX_DEPTH = 8;
  private static final int MAX_ITEMS = 8;
  private static final int MAX_LITERAL = 120;
  private static final int MAX_TOTAL = 2000;

  private PseudoCode() {}

  /** Python-like source for {@code v}, at most about 2000 characters. */
  public static String render(PValue v) {
    StringBuilder out = new StringBuilder();
    render(v, out, 0);
    if (out.length() > MAX_TOTAL) return out.substring(0, MAX_TOTAL) + "…";
    return out.toString();
  }

  /** A short description of a value's type, for messages about wrong-typed operands. */
  public static String describe(PValue v) {
    if (v instanceof PValue.Str s) return "str " + render(s);
    if (v instanceof PValue.Bytes) return "bytes";
    if (v instanceof PValue.Int i) return "int " + i.value();
    if (v instanceof Call c) return "the result of " + render(c);
    if (v instanceof PValue.Opaque o) return "an unknown value (" + o.description() + ")";
    if (v instanceof PValue.Global g) return "the object " + g.qualified();
    if (v instanceof Seq s) return s.kind.name().toLowerCase(java.util.Locale.ROOT);
    if (v instanceof Dict) return "dict";
    return v == null ? "nothing" : v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private static void render(PValue v, StringBuilder out, int depth) {
    if (out.length() > MAX_TOTAL) return;
    if (depth > MAX_DEPTH) {
      out.append("…");
      return;
    }
    if (v == null) out.append("?");
    else if (v instanceof PValue.Scalar s) out.append(s.text());
    else if (v instanceof PValue.Real r) out.append(r.value());
    else if (v instanceof PValue.Int i) out.append(i.value());
    else if (v instanceof PValue.Str s) quote(s.text(), s.length(), out);
    else if (v instanceof PValue.Bytes b) bytes(b, out);
    else if (v instanceof PValue.Global g) out.append(g.module()).append('.').append(g.name());
    else if (v instanceof PValue.Opaque o) out.append("<").append(o.description()).append(">");
    else if (v instanceof PValue.Persistent p) {
      out.append("persistent_load(");
      render(p.pid(), out, depth + 1);
      out.append(")");
    } else if (v instanceof PValue.Buffer) out.append("<out-of-band buffer>");
    else if (v instanceof Call c) call(c, out, depth);
    else if (v instanceof Seq s) seq(s, out, depth);
    else if (v instanceof Dict d) dict(d, out, depth);
    else out.append("<mark>");
  }

  private static void call(Call c, StringBuilder out, int depth) {
    boolean newobj = c.kind == PValue.CallKind.NEWOBJ || c.kind == PValue.CallKind.NEWOBJ_EX;
    render(c.callee, out, depth + 1);
    if (newobj) out.append(".__new__");
    out.append('(');
    int n = 0;
    if (newobj) {
      render(c.callee, out, depth + 1);
      n++;
    }
    if (c.args instanceof Seq s) {
      for (PValue a : s.items) {
        if (out.length() > MAX_TOTAL) return;
        if (n++ > 0) out.append(", ");
        if (n > MAX_ITEMS + 1) {
          out.append("…");
          break;
        }
        render(a, out, depth + 1);
      }
    } else if (c.args != null) {
      if (n++ > 0) out.append(", ");
      out.append('*');
      render(c.args, out, depth + 1);
    }
    if (c.kwargs != null) {
      if (n > 0) out.append(", ");
      out.append("**");
      render(c.kwargs, out, depth + 1);
    }
    out.append(')');
  }

  private static void seq(Seq s, StringBuilder out, int depth) {
    String open = switch (s.kind) {
      case LIST -> "[";
      case TUPLE -> "(";
      case SET -> "{";
      case FROZENSET -> "frozenset({";
    };
    String close = switch (s.kind) {
      case LIST -> "]";
      case TUPLE -> s.size == 1 ? ",)" : ")";
      case SET -> "}";
      case FROZENSET -> "})";
    };
    out.append(open);
    int n = 0;
    for (PValue v : s.items) {
      if (out.length() > MAX_TOTAL) return;
      if (n > 0) out.append(", ");
      if (n++ == MAX_ITEMS) {
        out.append("… ").append(s.size).append(" items");
        break;
      }
      render(v, out, depth + 1);
    }
    if (n <= MAX_ITEMS && s.size > s.items.size()) out.append(", … ").append(s.size).append(" items");
    out.append(close);
  }

  private static void dict(Dict d, StringBuilder out, int depth) {
    out.append('{');
    for (int i = 0; i < d.keys.size(); i++) {
      if (out.length() > MAX_TOTAL) return;
      if (i > 0) out.append(", ");
      if (i == MAX_ITEMS) {
        out.append("… ").append(d.size).append(" items");
        break;
      }
      render(d.keys.get(i), out, depth + 1);
      out.append(": ");
      render(d.values.get(i), out, depth + 1);
    }
    out.append('}');
  }

  private static void quote(String text, long length, StringBuilder out) {
    out.append('\'');
    int n = Math.min(text.length(), MAX_LITERAL);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\'' -> out.append("\\'");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) out.append(String.format("\\x%02x", (int) c));
          else out.append(c);
        }
      }
    }
    out.append('\'');
    if (length > n) out.append("…<").append(length).append(" chars>");
  }

  private static void bytes(PValue.Bytes b, StringBuilder out) {
    out.append(b.bytearray() ? "bytearray(b'" : "b'");
    int n = (int) Math.min(b.prefix().length, Math.min(b.length(), 48));
    for (int i = 0; i < n; i++) {
      int c = b.prefix()[i] & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') out.append((char) c);
      else out.append(String.format("\\x%02x", c));
    }
    out.append('\'');
    if (b.bytearray()) out.append(')');
    if (b.length() > n) out.append("…<").append(b.length()).append(" bytes>");
  }
}
