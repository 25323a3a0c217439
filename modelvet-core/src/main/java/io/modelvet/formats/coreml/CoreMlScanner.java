package io.modelvet.formats.coreml;

import io.modelvet.engine.Head;
import io.modelvet.engine.ScanContext;
import io.modelvet.engine.Scanner;
import io.modelvet.formats.common.CappedReports;
import io.modelvet.formats.common.PayloadChecks;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.formats.common.proto.WireFields;
import io.modelvet.formats.common.proto.WireFields.Field;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Core ML models ({@code .mlmodel}, and {@code model.mlmodel} inside {@code .mlpackage} folders):
 * the {@code Model} protobuf of coremltools' {@code Model.proto}, read with the streaming
 * {@link ProtoReader}. Custom layers and custom models name Objective-C/Swift classes that the app
 * must contain (code outside the model), linked models name other model files to load; pipelines
 * are followed into their sub-models; ML Programs are read by {@link MilProgram}. Metadata strings
 * go through the payload checks.
 */
public final class CoreMlScanner implements Scanner {
  private static final int LEN = ProtoReader.LEN;
  private static final int MAX_DEPTH = 16;
  private static final int MAX_STRING = 1 << 16;
  /** Model.Type oneof field numbers for neural networks, pipelines, custom and linked models. */
  private static final Set<Integer> NEURAL = Set.of(303, 403, 500);
  private static final Set<Integer> PIPELINE_WRAPPED = Set.of(200, 201);
  private static final int PIPELINE = 202;
  private static final int CUSTOM_MODEL = 555;
  private static final int LINKED_MODEL = 556;
  private static final int ML_PROGRAM = 502;

  @Override
  public String format() {
    return "coreml";
  }

  @Override
  public Set<String> extensions() {
    return Set.of("mlmodel");
  }

  @Override
  public int sniffCeiling() {
    return 85;
  }

  @Override
  public int sniff(Head head) {
    byte[] b = head.bytes();
    List<Field> top = WireFields.parse(b, 0, b.length, true, 16);
    if (top == null || top.size() < 2) return 0;
    Field version = top.get(0);
    if (version.number() != 1 || version.wire() != 0 || version.value() < 1 || version.value() > 20) return 0;
    boolean description = false;
    for (Field f : top.subList(1, top.size())) {
      if (f.number() == 2 && f.wire() == 2) description = true;
      else if (f.number() == 10 && f.wire() == 0) continue;
      else if (f.number() >= 200 && f.number() <= 3000 && f.wire() == 2) return description ? 85 : 0;
      else return 0;
    }
    return 0;
  }

  @Override
  public void scan(ScanContext ctx) throws IOException {
    new Walk(ctx).model(ProtoReader.of(ctx.source()), "model", 0);
  }

  /** One pass over a model and its sub-models. */
  private static final class Walk {
    private final ScanContext ctx;
    private final CappedReports reports;
    private long layers;

    Walk(ScanContext ctx) {
      this.ctx = ctx;
      this.reports = new CappedReports(ctx, 50);
    }

    void model(ProtoReader m, String where, int depth) throws IOException {
      if (depth > MAX_DEPTH) throw new MalformedException("Core ML pipelines nested deeper than " + MAX_DEPTH);
      while (m.next()) {
        int f = m.field();
        if (m.wireType() != LEN) {
          m.skip();
        } else if (f == 2) {
          m.message(this::description);
        } else if (NEURAL.contains(f)) {
          m.message(n -> neuralNetwork(n, where));
        } else if (f == PIPELINE) {
          m.message(p -> pipeline(p, where, depth));
        } else if (PIPELINE_WRAPPED.contains(f)) {
          m.message(w -> {
            while (w.next()) {
              if (w.field() == 1 && w.wireType() == LEN) w.message(p -> pipeline(p, where, depth));
              else w.skip();
            }
          });
        } else if (f == CUSTOM_MODEL) {
          m.message(c -> custom(c, where, "coreml.custom-model", "The " + where + " is a custom model implemented by the class "));
        } else if (f == LINKED_MODEL) {
          m.message(l -> linked(l, where));
        } else if (f == ML_PROGRAM) {
          m.message(p -> new MilProgram(ctx, reports, where).read(p));
        } else {
          m.skip();
        }
      }
    }

    private void pipeline(ProtoReader p, String where, int depth) throws IOException {
      int index = 0;
      while (p.next()) {
        if (p.field() == 1 && p.wireType() == LEN) {
          String sub = where + " / pipeline model " + index++;
          p.message(m -> model(m, sub, depth + 1));
        } else {
          p.skip();
        }
      }
    }

    private void neuralNetwork(ProtoReader n, String where) throws IOException {
      while (n.next()) {
        if (n.field() == 1 && n.wireType() == LEN) {
          if ((++layers & 0xfff) == 0) ctx.checkDeadline();
          n.message(l -> layer(l, where));
        } else {
          n.skip();
        }
      }
    }

    private void layer(ProtoReader l, String where) throws IOException {
      String name = "?";
      while (l.next()) {
        if (l.field() == 1 && l.wireType() == LEN) name = l.readString(MAX_STRING);
        else if (l.field() == 500 && l.wireType() == LEN) {
          String layer = name;
          l.message(c -> custom(c, where, "coreml.custom-layer", "Layer \"" + layer + "\" of the " + where + " is a custom layer implemented by the class "));
        } else l.skip();
      }
    }

    /** CustomLayerParams / CustomModel: className = 10, description = 40. */
    private void custom(ProtoReader c, String where, String rule, String lead) throws IOException {
      String className = "";
      String description = "";
      while (c.next()) {
        if (c.field() == 10 && c.wireType() == LEN) className = c.readString(MAX_STRING);
        else if (c.field() == 40 && c.wireType() == LEN) description = c.readString(MAX_STRING);
        else c.skip();
      }
      reports.report(rule, -1, lead + "\"" + className + "\". Core ML calls that class, which the app must ship (code outside the model); review it before integrating the model." + (description.isEmpty() ? "" : " Its description: " + description),
          "className=" + className);
    }

    /** LinkedModel.linkedModelFile: linkedModelFileName = 1, linkedModelSearchPath = 2 (StringParameter.defaultValue = 1). */
    private void linked(ProtoReader l, String where) throws IOException {
      StringBuilder names = new StringBuilder();
      while (l.next()) {
        if (l.field() == 1 && l.wireType() == LEN) {
          l.message(file -> {
            while (file.next()) {
              if ((file.field() == 1 || file.field() == 2) && file.wireType() == LEN) {
                String label = file.field() == 1 ? "file" : "search path";
                file.message(sp -> {
                  while (sp.next()) {
                    if (sp.field() == 1 && sp.wireType() == LEN) names.append(names.length() > 0 ? ", " : "").append(label).append('=').append(sp.readString(MAX_STRING));
                    else sp.skip();
                  }
                });
              } else {
                file.skip();
              }
            }
          });
        } else {
          l.skip();
        }
      }
      String evidence = names.toString();
      boolean escapes = evidence.contains("..") || evidence.contains("=/") || evidence.contains("=~");
      reports.report("coreml.linked-model", escapes ? io.modelvet.report.Severity.HIGH : io.modelvet.report.Severity.MEDIUM, -1,
          "The " + where + " links another compiled model that Core ML loads from disk (" + evidence + ")." + (escapes ? " The path leaves the app bundle (absolute or with \"..\")." : ""), evidence);
    }

    /** ModelDescription: metadata = 100 with shortDescription 1, versionString 2, author 3, license 4, userDefined 100. */
    private void description(ProtoReader d) throws IOException {
      while (d.next()) {
        if (d.field() == 100 && d.wireType() == LEN) d.message(this::strings);
        else d.skip();
      }
    }

    private void strings(ProtoReader m) throws IOException {
      while (m.next()) {
        if (m.wireType() != LEN) {
          m.skip();
        } else if (m.field() == 100) {
          m.message(this::strings); // userDefined map entry: key 1, value 2
        } else {
          long at = m.position();
          PayloadChecks.checkString(ctx, m.readString(ctx.budgets().maxOperandBytes()), "model metadata", at);
        }
      }
    }
  }
}
