package io.modelvet.cli;

import io.modelvet.report.Severity;
import picocli.CommandLine.ITypeConverter;

final class SeverityConverter implements ITypeConverter<Severity> {
  @Override
  public Severity convert(String value) {
    return Severity.parse(value);
  }
}
