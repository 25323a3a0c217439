package io.modelvet.integrity.bom;

import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;

/** Serialises a BOM as CycloneDX 1.6 JSON or XML. */
public final class BomWriter {
  /** The CycloneDX version ModelVet writes. */
  public static final Version VERSION = Version.VERSION_16;

  private BomWriter() {}

  public static String write(Bom bom, String format) {
    try {
      switch (format) {
        case "json":
          return BomGeneratorFactory.createJson(VERSION, bom).toJsonString();
        case "xml":
          return BomGeneratorFactory.createXml(VERSION, bom).toXmlString();
        default:
          throw new IllegalArgumentException("unknown BOM format '" + format + "' (json or xml)");
      }
    } catch (GeneratorException e) {
      throw new IllegalStateException("CycloneDX generation failed: " + e.getMessage(), e);
    }
  }
}
