package io.modelvet.formats.rdata;

import io.modelvet.formats.rdata.RUnserializer.Cell;
import io.modelvet.formats.rdata.RUnserializer.Chars;
import io.modelvet.formats.rdata.RUnserializer.Other;
import io.modelvet.formats.rdata.RUnserializer.Sym;
import io.modelvet.formats.rdata.RUnserializer.Value;

/** Short R-like text for the language objects kept by {@link RUnserializer}, for evidence only. */
final class Deparse {
  private static final int MAX = 200;

  private Deparse() {}

  static String of(Value v) {
    StringBuilder sb = new StringBuilder();
    append(sb, v, 0);
    return sb.length() > MAX ? sb.substring(0, MAX) + "…" : sb.toString();
  }

  /** The called function's name: {@code f} for {@code f(...)}, {@code pkg::f} for qualified calls. */
  static String functionName(Cell call) {
    if (call.car() instanceof Sym s) return s.name();
    if (call.car() instanceof Cell inner && inner.type() == RUnserializer.LANGSXP && inner.car() instanceof Sym op
        && (op.name().equals("::") || op.name().equals(":::")) && inner.cdr() instanceof Cell a && a.cdr() instanceof Cell b)
      return name(a.car()) + op.name() + name(b.car());
    return null;
  }

  private static String name(Value v) {
    return v instanceof Sym s ? s.name() : v instanceof Chars c ? c.text() : "?";
  }

  private static void append(StringBuilder sb, Value v, int depth) {
    if (sb.length() > MAX || depth > 50) return;
    if (v instanceof Sym s) sb.append(s.name());
    else if (v instanceof Chars c) sb.append(c.text() == null ? "NA" : '"' + c.text().replace("\"", "\\\"") + '"');
    else if (v instanceof Cell c && c.type() == RUnserializer.LANGSXP) {
      String fn = functionName(c);
      if (fn != null) sb.append(fn);
      else append(sb, c.car(), depth + 1);
      sb.append('(');
      args(sb, c.cdr(), depth);
      sb.append(')');
    } else if (v instanceof Cell c && c.type() == RUnserializer.CLOSXP) {
      sb.append("function(");
      args(sb, c.car(), depth);
      sb.append(") ");
      append(sb, c.cdr(), depth + 1);
    } else if (v instanceof Cell c) {
      sb.append("list(");
      args(sb, c, depth);
      sb.append(')');
    } else if (v instanceof Other o) sb.append(placeholder(o.type()));
  }

  private static void args(StringBuilder sb, Value list, int depth) {
    boolean first = true;
    int n = 0;
    for (Value p = list; p instanceof Cell c && n < 50; p = c.cdr(), n++) {
      if (!first) sb.append(", ");
      first = false;
      if (c.tag() instanceof Sym t) sb.append(t.name()).append(" = ");
      append(sb, c.car(), depth + 1);
    }
  }

  private static String placeholder(int type) {
    return switch (type) {
      case RUnserializer.NILSXP -> "NULL";
      case RUnserializer.REALSXP, RUnserializer.INTSXP, RUnserializer.LGLSXP, RUnserializer.CPLXSXP -> "<number>";
      case RUnserializer.STRSXP -> "<strings>";
      case RUnserializer.BCODESXP -> "<byte code>";
      case RUnserializer.ENVSXP, RUnserializer.GLOBALENV_SXP -> "<environment>";
      case RUnserializer.MISSINGARG_SXP -> "";
      default -> "<…>";
    };
  }
}
