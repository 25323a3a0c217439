package io.modelvet.integrity.bom;

import io.modelvet.engine.ScanEngine;
import io.modelvet.integrity.Integrity;
import io.modelvet.integrity.signing.ModelPaths;
import io.modelvet.integrity.hashing.HashingConfig;
import io.modelvet.integrity.hashing.Manifest;
import io.modelvet.integrity.hashing.ModelHasher;
import io.modelvet.integrity.hashing.ResourceDigest;
import io.modelvet.report.FileResult;
import io.modelvet.report.Finding;
import io.modelvet.report.ScanReport;
import io.modelvet.rules.RuleCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.Tags;
import org.cyclonedx.model.component.data.ComponentData;
import org.cyclonedx.model.component.data.DatasetChoice;
import org.cyclonedx.model.component.modelCard.ModelParameters;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.model.vulnerability.Vulnerability;

/**
 * Builds a CycloneDX 1.6 ML-BOM: per model path one {@code machine-learning-model} component with
 * its model-card data (task, architecture, datasets, license, tags) and one nested {@code file}
 * component per file with its SHA-256 and detected format. With a scan report, each finding that
 * counts becomes a CycloneDX {@code vulnerability} (id = ModelVet rule id, source ModelVet,
 * severity rating, CWE, message as description, evidence as detail) that {@code affects} the file.
 */
public final class MlBomBuilder {
  /** Property namespace for ModelVet data that CycloneDX has no field for. */
  static final String NS = "modelvet:";

  private static final Map<String, String> FRAMEWORKS = loadFrameworks();

  private final ModelHasher hasher;
  private final Path signature;

  /** A builder that leaves out each model's default signature file ({@code model.sig}). */
  public MlBomBuilder(ModelHasher hasher) {
    this(hasher, null);
  }

  /**
   * @param signature the signature file to leave out of the inventory when it lies inside a model
   *     (null: each model's default, {@code MODEL/model.sig}), exactly as {@code sign} and {@code
   *     verify} do, so the BOM's model-signing digest is the signed one
   */
  public MlBomBuilder(ModelHasher hasher, Path signature) {
    this.hasher = hasher;
    this.signature = signature;
  }

  /** The signature file that belongs to {@code model} and is not part of it. */
  public Path signatureFor(Path model) {
    return signature != null ? signature : Integrity.defaultSignaturePath(model);
  }

  /**
   * @param models the model folders or files (each becomes one model component)
   * @param scan a scan of the same paths: gives each file's format and, with {@code
   *     includeFindings}, the findings
   */
  public Bom build(List<Path> models, ScanReport scan, boolean includeFindings) throws IOException {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.randomUUID());
    bom.setVersion(1);
    Metadata metadata = new Metadata();
    metadata.setTimestamp(new Date());
    Component tool = new Component();
    tool.setType(Component.Type.APPLICATION);
    tool.setName("modelvet");
    tool.setVersion(ScanEngine.version());
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    bom.setMetadata(metadata);

    Map<String, FileResult> resultsByPath = new HashMap<>();
    for (FileResult r : scan.files()) resultsByPath.put(r.path(), r);
    Map<String, String> refsByDisplayPath = new LinkedHashMap<>();
    List<Component> components = new ArrayList<>();
    Set<String> usedRefs = new LinkedHashSet<>();
    for (Path model : models) {
      Component c = modelComponent(model, resultsByPath, refsByDisplayPath, usedRefs);
      components.add(c);
    }
    bom.setComponents(components);
    if (includeFindings) bom.setVulnerabilities(vulnerabilities(scan, refsByDisplayPath, components));
    return bom;
  }

  private Component modelComponent(
      Path model, Map<String, FileResult> results, Map<String, String> refs, Set<String> usedRefs) throws IOException {
    // Inventory follows symbolic links (Hugging Face caches are made of them) and skips git metadata.
    HashingConfig config = HashingConfig.defaults().withAllowSymlinks(true);
    config = config.withIgnored(ModelPaths.inside(model, signatureFor(model)).map(List::of).orElse(List.of()));
    Manifest manifest = hasher.hash(model, config);
    Path fileName = model.toAbsolutePath().normalize().getFileName();
    String name = fileName == null ? model.toString() : fileName.toString();
    Component c = new Component();
    c.setType(Component.Type.MACHINE_LEARNING_MODEL);
    String ref = unique("model:" + name, usedRefs);
    c.setBomRef(ref);
    c.setName(name);
    refs.put(model.toString(), ref);

    Set<String> formats = new LinkedHashSet<>();
    List<Component> files = new ArrayList<>();
    for (ResourceDigest r : manifest.resources()) {
      String display = r.name().equals(".") ? model.toString() : join(model.toString(), r.name());
      FileResult fr = results.get(display);
      Component f = new Component();
      f.setType(Component.Type.FILE);
      f.setName(r.name().equals(".") ? name : r.name());
      String fileRef = unique("file:" + name + "/" + f.getName(), usedRefs);
      f.setBomRef(fileRef);
      f.addHash(new Hash(Hash.Algorithm.SHA_256, r.digest()));
      if (fr != null) {
        refs.put(display, fileRef);
        f.addProperty(new Property(NS + "format", fr.format()));
        f.addProperty(new Property(NS + "verdict", fr.verdict().name().toLowerCase(Locale.ROOT)));
        if (fr.size() >= 0) f.addProperty(new Property(NS + "size", Long.toString(fr.size())));
        formats.add(fr.format());
      }
      files.add(f);
    }
    if (manifest.resources().size() == 1 && manifest.resources().get(0).name().equals("."))
      c.addHash(new Hash(Hash.Algorithm.SHA_256, manifest.resources().get(0).digest()));
    c.setComponents(files);

    ModelCard card = ModelCardReader.read(model);
    describe(c, card, formats);
    c.addProperty(new Property(NS + "model-signing-digest", "sha256:" + manifest.rootDigestHex()));
    c.addProperty(new Property(NS + "file-count", Integer.toString(files.size())));
    return c;
  }

  private static void describe(Component c, ModelCard card, Set<String> formats) {
    if (card.license() != null) {
      License l = new License();
      l.setName(card.license());
      LicenseChoice lc = new LicenseChoice();
      lc.addLicense(l);
      c.setLicenses(lc);
    }
    ModelParameters params = new ModelParameters();
    boolean any = false;
    if (card.pipelineTag() != null) {
      params.setTask(card.pipelineTag());
      any = true;
    }
    if (card.modelType() != null) {
      params.setArchitectureFamily(card.modelType());
      any = true;
    }
    if (!card.architectures().isEmpty()) {
      params.setModelArchitecture(card.architectures().get(0));
      any = true;
    }
    if (!card.datasets().isEmpty()) {
      List<DatasetChoice> datasets = new ArrayList<>();
      for (String d : card.datasets()) {
        ComponentData data = new ComponentData();
        data.setType(ComponentData.ComponentDataType.DATASET);
        data.setName(d);
        DatasetChoice choice = new DatasetChoice();
        choice.setComponentData(data);
        datasets.add(choice);
      }
      params.setDatasets(datasets);
      any = true;
    }
    if (any) {
      org.cyclonedx.model.component.ModelCard mc = new org.cyclonedx.model.component.ModelCard();
      mc.setModelParameters(params);
      c.setModelCard(mc);
    }
    if (!card.tags().isEmpty()) c.setTags(new Tags(new ArrayList<>(card.tags())));
    for (String base : card.baseModels()) c.addProperty(new Property("huggingface:base_model", base));
    if (card.libraryName() != null) c.addProperty(new Property("huggingface:library_name", card.libraryName()));
    Set<String> frameworks = new LinkedHashSet<>();
    if (card.libraryName() != null) frameworks.add(card.libraryName());
    for (String f : formats) {
      c.addProperty(new Property(NS + "format", f));
      String fw = FRAMEWORKS.get(f);
      if (fw != null) frameworks.add(fw);
    }
    for (String fw : frameworks) c.addProperty(new Property(NS + "framework", fw));
  }

  private static List<Vulnerability> vulnerabilities(ScanReport scan, Map<String, String> refs, List<Component> models) {
    List<Vulnerability> out = new ArrayList<>();
    int n = 0;
    for (FileResult r : scan.files()) {
      for (Finding f : r.findings()) {
        Vulnerability v = new Vulnerability();
        v.setBomRef("finding-" + (++n));
        v.setId(f.ruleId());
        Vulnerability.Source source = new Vulnerability.Source();
        source.setName("ModelVet");
        v.setSource(source);
        Vulnerability.Rating rating = new Vulnerability.Rating();
        rating.setSource(source);
        rating.setSeverity(Vulnerability.Rating.Severity.fromString(f.severity().name().toLowerCase(Locale.ROOT)));
        rating.setMethod(Vulnerability.Rating.Method.OTHER);
        v.addRating(rating);
        v.setDescription(f.message());
        if (f.evidence() != null) v.setDetail(f.evidence());
        Integer cwe = cwe(f.ruleId());
        if (cwe != null) v.addCwe(cwe);
        Vulnerability.Affect affect = new Vulnerability.Affect();
        affect.setRef(affectedRef(r.path(), refs, models));
        v.setAffects(List.of(affect));
        List<Property> props = new ArrayList<>();
        props.add(new Property(NS + "location", f.location().toString()));
        props.add(new Property(NS + "owasp", f.owasp().name()));
        v.setProperties(props);
        out.add(v);
      }
    }
    return out;
  }

  /** The component a finding concerns: the file, else the archive that holds it, else the model. */
  private static String affectedRef(String path, Map<String, String> refs, List<Component> models) {
    String p = path;
    int bang = p.indexOf("!/");
    if (bang >= 0) p = p.substring(0, bang);
    if (refs.containsKey(p)) return refs.get(p);
    String best = null;
    int bestLen = -1;
    for (Map.Entry<String, String> e : refs.entrySet()) {
      String k = e.getKey();
      if (e.getValue().startsWith("model:") && (p.equals(k) || p.startsWith(k + "/")) && k.length() > bestLen) {
        best = e.getValue();
        bestLen = k.length();
      }
    }
    return best != null ? best : models.get(0).getBomRef();
  }

  /** The numeric CWE of a rule ({@code CWE-502} gives 502), or null. */
  private static Integer cwe(String ruleId) {
    if (!RuleCatalog.get().contains(ruleId)) return null;
    String id = RuleCatalog.rule(ruleId).cwe();
    if (id == null || !id.startsWith("CWE-")) return null;
    try {
      return Integer.parseInt(id.substring(4));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String unique(String ref, Set<String> used) {
    String r = ref;
    for (int i = 2; !used.add(r); i++) r = ref + "#" + i;
    return r;
  }

  private static String join(String dir, String rel) {
    return dir.endsWith("/") ? dir + rel : dir + "/" + rel;
  }

  private static Map<String, String> loadFrameworks() {
    Properties p = new Properties();
    try (InputStream in = MlBomBuilder.class.getResourceAsStream("frameworks.properties")) {
      if (in == null) throw new IllegalStateException("frameworks.properties missing from the classpath");
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> m = new HashMap<>();
    for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
    return m;
  }
}
