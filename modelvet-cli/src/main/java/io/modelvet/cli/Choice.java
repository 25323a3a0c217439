package io.modelvet.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A string option with a fixed set of values (case-insensitive): used both as the picocli
 * converter, so a wrong value is reported with the allowed ones, and as the completion candidates
 * that {@code ${COMPLETION-CANDIDATES}} lists in the help.
 */
abstract class Choice implements ITypeConverter<String>, Iterable<String> {
  private final List<String> values;

  Choice(String... values) {
    this.values = List.of(values);
  }

  @Override
  public String convert(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (values.contains(v)) return v;
    throw new TypeConversionException("expected one of " + String.join(", ", values) + " but was '" + value + "'");
  }

  @Override
  public Iterator<String> iterator() {
    return values.iterator();
  }

  static final class ScanFormats extends Choice {
    ScanFormats() {
      super("text", "json", "sarif");
    }
  }

  static final class TestFormats extends Choice {
    TestFormats() {
      super("text", "json", "html");
    }
  }

  static final class VerifyFormats extends Choice {
    VerifyFormats() {
      super("text", "json");
    }
  }

  static final class BomFormats extends Choice {
    BomFormats() {
      super("json", "xml");
    }
  }
}
