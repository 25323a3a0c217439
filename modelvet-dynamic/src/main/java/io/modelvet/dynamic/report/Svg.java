package io.modelvet.dynamic.report;

import java.util.List;
import java.util.Locale;

/** Hand-written inline SVG charts for the HTML report (no scripts, no network). */
final class Svg {
  static final String[] COLOURS = {"#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563"};

  private Svg() {}

  /** One named series of points. */
  record Series(String name, double[] x, double[] y, String colour, boolean bold, double[] lo, double[] hi) {}

  /** Axis scale: linear or log10. */
  record Axis(String label, double min, double max, boolean log) {
    double frac(double v) {
      if (log) {
        double lv = Math.log10(Math.max(v, min));
        return (lv - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
      }
      return (v - min) / (max - min);
    }
  }

  static String lineChart(String title, Axis xa, Axis ya, List<Series> series, boolean diagonal) {
    int w = 524;
    int h = 330;
    int l = 58;
    int r = 136;
    int t = 34;
    int b = 48;
    int pw = w - l - r;
    int ph = h - t - b;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img' aria-label='%s'>", w, h, w, h, esc(title)));
    s.append(String.format(Locale.ROOT, "<text x='%d' y='20' class='ct'>%s</text>", l, esc(title)));
    s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='#fff' stroke='#cbd5e1'/>", l, t, pw, ph));
    for (double v : ticks(xa)) {
      double x = l + xa.frac(v) * pw;
      s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eef2f7'/>", x, t, x, t + ph));
      s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' class='tk' text-anchor='middle'>%s</text>", x, t + ph + 16, num(v)));
    }
    for (double v : ticks(ya)) {
      double y = t + ph - ya.frac(v) * ph;
      s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eef2f7'/>", l, y, l + pw, y));
      s.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' class='tk' text-anchor='end'>%s</text>", l - 6, y + 4, num(v)));
    }
    s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='al' text-anchor='middle'>%s</text>", l + pw / 2, h - 10, esc(xa.label())));
    s.append(String.format(Locale.ROOT, "<text x='14' y='%d' class='al' text-anchor='middle' transform='rotate(-90 14 %d)'>%s</text>", t + ph / 2, t + ph / 2, esc(ya.label())));
    if (diagonal) {
      StringBuilder d = new StringBuilder();
      for (int i = 0; i <= 60; i++) {
        double f = Math.pow(10, Math.log10(xa.min()) + i * (0 - Math.log10(xa.min())) / 60.0);
        double x = l + xa.frac(f) * pw;
        double y = t + ph - ya.frac(Math.max(f, ya.min())) * ph;
        d.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
      }
      s.append("<path d='").append(d).append("' fill='none' stroke='#94a3b8' stroke-dasharray='4 4'/>");
    }
    int legendY = t + 6;
    for (Series se : series) {
      if (se.lo() != null) {
        StringBuilder band = new StringBuilder();
        for (int i = 0; i < se.x().length; i++)
          band.append(i == 0 ? "M" : "L").append(pt(xa, ya, se.x()[i], se.hi()[i], l, t, pw, ph));
        for (int i = se.x().length - 1; i >= 0; i--) band.append("L").append(pt(xa, ya, se.x()[i], se.lo()[i], l, t, pw, ph));
        s.append("<path d='").append(band).append("Z' fill='").append(se.colour()).append("' fill-opacity='0.12' stroke='none'/>");
      }
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < se.x().length; i++) {
        if (ya.log() && se.y()[i] <= 0 || xa.log() && se.x()[i] <= 0) continue;
        d.append(d.length() == 0 ? "M" : "L").append(pt(xa, ya, se.x()[i], se.y()[i], l, t, pw, ph));
      }
      s.append("<path d='").append(d).append("' fill='none' stroke='").append(se.colour()).append("' stroke-width='").append(se.bold() ? "3" : "1.6").append("'/>");
      if (se.x().length <= 12) {
        for (int i = 0; i < se.x().length; i++)
          s.append("<circle r='3' fill='").append(se.colour()).append("' ").append(xy(xa, ya, se.x()[i], se.y()[i], l, t, pw, ph)).append("/>");
      }
      s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='%s'/>", l + pw + 12, legendY, l + pw + 30, legendY, se.colour(), se.bold() ? "3" : "1.6"));
      s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='lg'>%s</text>", l + pw + 34, legendY + 4, esc(trim(se.name(), 17))));
      legendY += 18;
    }
    if (diagonal) s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='lg' fill='#64748b'>- - chance</text>", l + pw + 12, legendY + 4));
    return s.append("</svg>").toString();
  }

  private static String pt(Axis xa, Axis ya, double x, double y, int l, int t, int pw, int ph) {
    return String.format(Locale.ROOT, "%.1f %.1f", l + xa.frac(x) * pw, t + ph - ya.frac(y) * ph);
  }

  private static String xy(Axis xa, Axis ya, double x, double y, int l, int t, int pw, int ph) {
    return String.format(Locale.ROOT, "cx='%.1f' cy='%.1f'", l + xa.frac(x) * pw, t + ph - ya.frac(y) * ph);
  }

  static double[] ticks(Axis a) {
    if (a.log()) {
      int lo = (int) Math.ceil(Math.log10(a.min()) - 1e-9);
      int hi = (int) Math.floor(Math.log10(a.max()) + 1e-9);
      double[] out = new double[hi - lo + 1];
      for (int i = 0; i < out.length; i++) out[i] = Math.pow(10, lo + i);
      return out;
    }
    double span = a.max() - a.min();
    double step = Math.pow(10, Math.floor(Math.log10(span / 5)));
    if (span / step > 10) step *= 2;
    if (span / step > 10) step *= 2.5;
    int n = (int) Math.floor(span / step + 1e-9);
    double[] out = new double[n + 1];
    for (int i = 0; i <= n; i++) out[i] = a.min() + i * step;
    return out;
  }

  /** Grouped vertical bars with optional error bars; values in [0, 1]. */
  static String groupedBars(String title, List<String> groups, List<String> metrics, double[][] v, double[][] lo, double[][] hi) {
    int l = 50;
    int t = 34;
    int ph = 220;
    int groupW = Math.max(70, metrics.size() * 22 + 20);
    int pw = groups.size() * groupW;
    int w = l + pw + 150;
    int h = t + ph + 30;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img' aria-label='%s'>", w, h, w, h, esc(title)));
    s.append(String.format(Locale.ROOT, "<text x='%d' y='20' class='ct'>%s</text>", l, esc(title)));
    for (int k = 0; k <= 4; k++) {
      double y = t + ph - k * ph / 4.0;
      s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eef2f7'/><text x='%d' y='%.1f' class='tk' text-anchor='end'>%s</text>", l, y, l + pw, y, l - 6, y + 4, num(k / 4.0)));
    }
    s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#94a3b8'/>", l, t + ph, l + pw, t + ph));
    for (int g = 0; g < groups.size(); g++) {
      int gx = l + g * groupW + 10;
      for (int m = 0; m < metrics.size(); m++) {
        double val = v[g][m];
        int x = gx + m * 22;
        if (!Double.isNaN(val)) {
          double bh = val * ph;
          s.append(String.format(Locale.ROOT, "<rect x='%d' y='%.1f' width='18' height='%.1f' fill='%s'><title>%s %s: %.3f</title></rect>", x, t + ph - bh, bh, COLOURS[m % COLOURS.length], esc(groups.get(g)), esc(metrics.get(m)), val));
          if (lo != null && !Double.isNaN(lo[g][m])) {
            double y1 = t + ph - lo[g][m] * ph;
            double y2 = t + ph - hi[g][m] * ph;
            s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#111827'/><line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#111827'/><line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#111827'/>",
                x + 9, y1, x + 9, y2, x + 5, y1, x + 13, y1, x + 5, y2, x + 13, y2));
          }
        } else {
          s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='tk'>n/a</text>", x, t + ph - 4));
        }
      }
      s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='tk' text-anchor='middle'>%s</text>", gx + metrics.size() * 11, t + ph + 16, esc(trim(groups.get(g), 16))));
    }
    int ly = t + 6;
    for (int m = 0; m < metrics.size(); m++) {
      s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='12' height='12' fill='%s'/><text x='%d' y='%d' class='lg'>%s</text>", l + pw + 14, ly - 6, COLOURS[m % COLOURS.length], l + pw + 32, ly + 4, esc(metrics.get(m))));
      ly += 18;
    }
    s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='lg' fill='#64748b'>I = 95%% bootstrap CI</text>", l + pw + 14, ly + 4));
    return s.append("</svg>").toString();
  }

  /** Horizontal bars for a ranking; values in [0, max]. */
  static String hbars(String title, List<String> labels, double[] values, double max, String unit) {
    int l = 190;
    int rowH = 20;
    int w = 560;
    int pw = w - l - 70;
    int h = 40 + labels.size() * rowH;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' role='img' aria-label='%s'>", w, h, w, h, esc(title)));
    s.append(String.format(Locale.ROOT, "<text x='10' y='20' class='ct'>%s</text>", esc(title)));
    for (int i = 0; i < labels.size(); i++) {
      int y = 32 + i * rowH;
      double bw = max <= 0 ? 0 : values[i] / max * pw;
      s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='tk' text-anchor='end'>%s</text>", l - 8, y + 13, esc(trim(labels.get(i), 28))));
      s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%.1f' height='14' fill='#2563eb'/>", l, y + 2, Math.max(bw, 1)));
      s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' class='tk'>%s%s</text>", l + Math.max(bw, 1) + 6, y + 13, num(values[i]), unit));
    }
    return s.append("</svg>").toString();
  }

  /** A grey-scale image (values mapped from [lo, hi]) or a diverging map when {@code diverging}. */
  static String image(double[] v, int hgt, int wid, double lo, double hi, boolean diverging, int cell, String caption) {
    StringBuilder s = new StringBuilder();
    int w = wid * cell;
    int h = hgt * cell + 18;
    s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' shape-rendering='crispEdges'>", w, h, w, h));
    for (int r = 0; r < hgt; r++)
      for (int c = 0; c < wid; c++) {
        double x = v[r * wid + c];
        String fill;
        if (diverging) {
          double m = Math.max(Math.abs(lo), Math.abs(hi));
          double f = m == 0 ? 0 : Math.max(-1, Math.min(1, x / m));
          int a = (int) Math.round(255 * (1 - Math.abs(f)));
          fill = f >= 0 ? String.format("rgb(255,%d,%d)", a, a) : String.format("rgb(%d,%d,255)", a, a);
        } else {
          int g = (int) Math.round(255 * (1 - Math.max(0, Math.min(1, (x - lo) / (hi - lo)))));
          fill = String.format("rgb(%d,%d,%d)", g, g, g);
        }
        s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'/>", c * cell, r * cell, cell, cell, fill));
      }
    s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='tk' text-anchor='middle'>%s</text>", w / 2, hgt * cell + 14, esc(caption)));
    return s.append("</svg>").toString();
  }

  static String num(double v) {
    if (v == 0) return "0";
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e4) return io.modelvet.dynamic.Stats.trimZeros(String.format(Locale.ROOT, "%.4g", v));
    return String.format(Locale.ROOT, "%.0e", v);
  }

  static String trim(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  static String esc(String s) {
    if (s == null) return "";
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
  }
}
