package io.modelvet.formats.common;

import io.modelvet.engine.ScanContext;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads XML model files (OpenVINO IR, PMML) with the JDK's StAX parser set so that nothing in the
 * document is resolved: DTD processing and external entities are off and entity references are
 * reported, never replaced. A DOCTYPE is still seen as text, so its entity declarations become
 * findings (XXE for external entities, entity expansion bombs for nested internal ones) instead
 * of being fetched or expanded.
 */
public final class SecureXml {
  private static final Pattern ENTITY = Pattern.compile("<!ENTITY\\s+(%\\s*)?([^\\s\"'>]+)\\s+(?:(SYSTEM|PUBLIC)\\s*((?:\"[^\"]*\"|'[^']*')(?:\\s*(?:\"[^\"]*\"|'[^']*'))?)|(\"[^\"]*\"|'[^']*'))", Pattern.CASE_INSENSITIVE);
  private static final Pattern EXTERNAL_DTD = Pattern.compile("<!DOCTYPE\\s+[^\\s\\[>]+\\s+(SYSTEM|PUBLIC)\\s*(\"[^\"]*\"|'[^']*')", Pattern.CASE_INSENSITIVE);
  private static final Pattern REFERENCE = Pattern.compile("[&%][^;\\s]+;");
  private static final int MAX_DOCTYPE = 1 << 20;

  /** What a format scanner does with the elements and text of a document. */
  public interface Handler {
    /** An element starts; {@code depth} is 1 for the root. */
    void start(XMLStreamReader r, int depth) throws IOException;

    /** Character data of the innermost open element (may come in several pieces). */
    default void text(String text, int depth, long offset) throws IOException {}

    /** An element ends. */
    default void end(XMLStreamReader r, int depth) throws IOException {}
  }

  private SecureXml() {}

  /** A StAX factory that resolves no DTD, no external entity and replaces no entity reference. */
  public static XMLInputFactory factory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("external resource " + systemId + " not resolved");
    });
    return f;
  }

  /**
   * Walks the whole document of {@code ctx}, reporting DOCTYPE entity declarations and handing
   * elements and text to {@code handler}. Malformed XML fails with {@link MalformedException}.
   */
  public static void walk(ScanContext ctx, Handler handler) throws IOException {
    try (InputStream in = ctx.source().openStream(0)) {
      XMLStreamReader r = factory().createXMLStreamReader(in);
      int depth = 0;
      long events = 0;
      try {
        while (r.hasNext()) {
          int e = r.next();
          if ((++events & 0xfff) == 0) ctx.checkDeadline();
          switch (e) {
            case XMLStreamConstants.DTD -> checkDoctype(ctx, r.getText(), offset(r));
            case XMLStreamConstants.START_ELEMENT -> handler.start(r, ++depth);
            case XMLStreamConstants.END_ELEMENT -> handler.end(r, depth--);
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
              if (!r.isWhiteSpace()) handler.text(r.getText(), depth, offset(r));
            }
            default -> {}
          }
        }
      } finally {
        r.close();
      }
    } catch (RuntimeException e) {
      // The JDK parser signals some malformed input with unchecked exceptions (missing messages).
      throw new MalformedException("invalid XML: the parser rejected the document");
    } catch (XMLStreamException e) {
      String msg = e.getMessage() == null ? "unreadable" : e.getMessage().lines().reduce((a, b) -> b).orElse("unreadable");
      throw new MalformedException("invalid XML: " + msg.replaceFirst("^Message: ", ""));
    }
  }

  /** Reports external entities, external DTDs and nested entity definitions in a DOCTYPE. */
  public static void checkDoctype(ScanContext ctx, String doctype, long offset) {
    String d = doctype.length() > MAX_DOCTYPE ? doctype.substring(0, MAX_DOCTYPE) : doctype;
    Matcher dtd = EXTERNAL_DTD.matcher(d);
    if (dtd.find())
      ctx.report("xml.external-entity", offset, "The DOCTYPE loads an external DTD from " + dtd.group(2) + ". A parser with DTD loading on fetches it (server-side request forgery, file disclosure through parameter entities).", excerpt(d, dtd.start(), dtd.end()));
    Matcher m = ENTITY.matcher(d);
    int internal = 0;
    int nested = 0;
    String nestedExample = null;
    while (m.find()) {
      if (m.group(3) != null) {
        ctx.report("xml.external-entity", offset,
            "The DOCTYPE declares the external entity \"" + m.group(2) + "\" with " + m.group(3) + " " + m.group(4) + ". A parser with entity expansion on reads that file or URL into the document (XXE: file disclosure, server-side request forgery).",
            excerpt(d, m.start(), m.end()));
      } else {
        internal++;
        if (REFERENCE.matcher(m.group(5)).find()) {
          nested++;
          if (nestedExample == null) nestedExample = excerpt(d, m.start(), m.end());
        }
      }
    }
    if (nested > 0) {
      ctx.report("xml.entity-expansion", offset,
          "The DOCTYPE defines " + nested + " entities built from other entities. Expanded, such definitions grow exponentially (\"billion laughs\") and exhaust the loader's memory.",
          nestedExample);
    } else if (internal > 0) {
      ctx.report("xml.doctype-entities", offset, "The DOCTYPE declares " + internal + " internal entities. Model files have no use for them; they were not expanded.", excerpt(d, 0, Math.min(d.length(), 200)));
    }
  }

  /**
   * The name of the root element in a document head, skipping the XML declaration, comments,
   * processing instructions and a DOCTYPE (with its internal subset), or null when the head does
   * not look like XML. Used for sniffing: cheap and never throws.
   */
  public static String rootElement(byte[] head) {
    int n = Math.min(head.length, 16 * 1024);
    String s = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    int i = s.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0;
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
      if (i >= s.length() || s.charAt(i) != '<') return null;
      if (s.startsWith("<?", i)) {
        int e = s.indexOf("?>", i);
        if (e < 0) return null;
        i = e + 2;
      } else if (s.startsWith("<!--", i)) {
        int e = s.indexOf("-->", i);
        if (e < 0) return null;
        i = e + 3;
      } else if (s.startsWith("<!DOCTYPE", i)) {
        int bracket = s.indexOf('[', i);
        int close = s.indexOf('>', i);
        if (close < 0) return null;
        if (bracket >= 0 && bracket < close) {
          int end = s.indexOf("]", bracket);
          if (end < 0) return null;
          close = s.indexOf('>', end);
          if (close < 0) return null;
        }
        i = close + 1;
      } else {
        int start = i + 1;
        int e = start;
        while (e < s.length() && (Character.isLetterOrDigit(s.charAt(e)) || s.charAt(e) == '_' || s.charAt(e) == ':' || s.charAt(e) == '-' || s.charAt(e) == '.')) e++;
        if (e == start || e >= s.length()) return null;
        char c = s.charAt(e);
        return Character.isWhitespace(c) || c == '>' || c == '/' ? s.substring(start, e) : null;
      }
    }
  }

  /** The local part of a possibly prefixed element name ("pmml:PMML" → "PMML"). */
  public static String localName(String qualified) {
    return qualified == null ? null : qualified.substring(qualified.indexOf(':') + 1);
  }

  private static long offset(XMLStreamReader r) {
    Location l = r.getLocation();
    return l == null ? -1 : l.getCharacterOffset();
  }

  private static String excerpt(String s, int from, int to) {
    String x = s.substring(from, Math.min(to, from + 300));
    return to - from > 300 ? x + "…" : x;
  }
}
