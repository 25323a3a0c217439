package io.modelvet.dynamic.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Writer;

/** Writes a {@link DynamicReport} as JSON ({@code docs/dynamic-report.schema.json}). */
public final class JsonReportWriter {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
      .build();

  private JsonReportWriter() {}

  public static void write(DynamicReport report, Writer out) throws IOException {
    MAPPER.writeValue(out, report);
    out.write('\n');
  }

}
