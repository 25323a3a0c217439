package io.modelvet.dynamic.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link Classifier} over an ONNX Runtime session.
 *
 * <p>Accepts one numeric input tensor (float or double; the first dimension is the batch), or
 * several inputs (float, double, int64, int32) fed from slices of the feature vector or constants
 * as an {@link InputMap} says, and
 * decodes the outputs scikit-learn and deep-learning exporters produce: a score tensor (logits or
 * probabilities, {@code [N, C]}, {@code [N, 1]} or {@code [N]} for binary), the ZipMap sequence of
 * maps {@code seq(map(int64, float))}, or only an int64 label tensor.
 */
public final class OnnxClassifier implements Classifier {
  private static final int MAX_BATCH = 4096;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final List<InputFeed> feeds = new ArrayList<>();
  private final int[] sampleShape;
  private final int inputSize;
  private final long fixedBatch;
  private final String outputName;
  private final OutputDecoder decoder;
  private final InputDomain domain;
  private final int numClasses;
  private final OutputKind kind;
  private final String description;
  private long queries;
  private long runtimeNanos;

  private enum OutputDecoder { ZIPMAP, SCORES, LABEL }

  private OnnxClassifier(Path model, InputDomain domain, int threads, int labelClasses, InputMap inputMap) {
    this.env = OrtEnvironment.getEnvironment();
    this.domain = domain;
    try {
      OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
      opts.setIntraOpNumThreads(Math.max(1, threads));
      opts.setInterOpNumThreads(1);
      this.session = env.createSession(model.toString(), opts);
    } catch (OrtException e) {
      throw new ModelException("cannot load ONNX model " + model + ": " + e.getMessage(), e);
    }
    try {
      Map<String, NodeInfo> inputs = session.getInputInfo();
      String inputsDesc;
      if (inputMap == null) {
        if (inputs.size() != 1)
          throw new ModelException("the model has " + inputs.size() + " inputs (" + String.join(", ", inputs.keySet())
              + "); name the data columns that feed each in an inputs map (--inputs-map FILE)");
        NodeInfo in = inputs.values().iterator().next();
        TensorInfo ti = tensorInput(in, false);
        long[] dims = ti.getShape();
        fixedBatch = dims[0];
        sampleShape = resolveSampleShape(Arrays.copyOfRange(dims, 1, dims.length), domain.size());
        inputSize = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
        feeds.add(new InputFeed(in.getName(), ti.type, sampleShape, 0, inputSize, Double.NaN));
        inputsDesc = "input " + in.getName() + " " + feeds.get(0).typeName() + Arrays.toString(dims);
      } else {
        fixedBatch = mapInputs(inputs, inputMap, domain.size());
        inputSize = domain.size();
        sampleShape = new int[] {inputSize};
        List<String> parts = new ArrayList<>();
        for (InputFeed f : feeds)
          parts.add(f.name + " " + f.typeName() + Arrays.toString(f.sampleShape)
              + (f.width == 0 ? " = " + f.constant : " <- features " + f.offset + ".." + (f.offset + f.width - 1)));
        inputsDesc = "inputs " + String.join(", ", parts);
      }

      String chosen = null;
      OutputDecoder dec = null;
      for (NodeInfo out : session.getOutputInfo().values()) {
        ValueInfo vi = out.getInfo();
        OutputDecoder d = null;
        if (vi instanceof SequenceInfo si && si.isSequenceOfMaps()) d = OutputDecoder.ZIPMAP;
        else if (vi instanceof TensorInfo t && (t.type == OnnxJavaType.FLOAT || t.type == OnnxJavaType.DOUBLE)) d = OutputDecoder.SCORES;
        else if (vi instanceof TensorInfo t && t.type == OnnxJavaType.INT64) d = OutputDecoder.LABEL;
        if (d != null && (dec == null || d.ordinal() < dec.ordinal())) {
          dec = d;
          chosen = out.getName();
        }
      }
      if (dec == null)
        throw new ModelException("no output of the model holds scores or labels: " + session.getOutputInfo().keySet());
      outputName = chosen;
      decoder = dec;
      description = inputsDesc + ", output " + outputName + " (" + decoder.name().toLowerCase(Locale.ROOT) + ")";
    } catch (OrtException e) {
      throw new ModelException("cannot read the model's inputs and outputs: " + e.getMessage(), e);
    }
    // One probe at the centre of the domain tells the class count and whether scores are normalised.
    double[] centre = new double[domain.size()];
    for (int j = 0; j < centre.length; j++) centre[j] = (domain.lower()[j] + domain.upper()[j]) / 2;
    double[][] raw = runRaw(new double[][] {centre});
    if (decoder == OutputDecoder.LABEL) {
      if (labelClasses < 2) throw new ModelException("the model only outputs labels; the number of classes must come from the data");
      numClasses = labelClasses;
      kind = OutputKind.LABELS;
    } else {
      numClasses = Math.max(2, raw[0].length);
      kind = decoder == OutputDecoder.ZIPMAP ? OutputKind.PROBABILITIES : guessKind(outputName, raw[0]);
    }
  }

  /**
   * Opens a model.
   *
   * @param model path to the .onnx file
   * @param domain input bounds and normalisation; its size must equal the per-sample input size
   * @param threads ONNX Runtime intra-op threads
   * @param labelClasses class count to assume when the model outputs only labels (else ignored)
   */
  public static OnnxClassifier open(Path model, InputDomain domain, int threads, int labelClasses) {
    return new OnnxClassifier(model, domain, threads, labelClasses, null);
  }

  /**
   * Opens a model with several inputs fed as {@code inputMap} says: the domain's features are the
   * map's columns concatenated in map order (constant inputs take no feature).
   */
  public static OnnxClassifier open(Path model, InputDomain domain, int threads, int labelClasses, InputMap inputMap) {
    return new OnnxClassifier(model, domain, threads, labelClasses, inputMap);
  }

  private static TensorInfo tensorInput(NodeInfo in, boolean integersAllowed) {
    if (!(in.getInfo() instanceof TensorInfo ti)
        || !(ti.type == OnnxJavaType.FLOAT || ti.type == OnnxJavaType.DOUBLE || (integersAllowed && InputFeed.supported(ti.type))))
      throw new ModelException("input '" + in.getName() + "' is " + in.getInfo()
          + "; only " + (integersAllowed ? "float, double, int64 or int32" : "float or double") + " tensors are supported");
    if (ti.getShape().length < 1) throw new ModelException("input '" + in.getName() + "' is a scalar; a batch dimension is needed");
    return ti;
  }

  /** Builds one feed per map entry; returns the fixed batch size (or -1 when it is symbolic). */
  private long mapInputs(Map<String, NodeInfo> inputs, InputMap map, int features) {
    for (InputMap.Entry e : map.inputs())
      if (!inputs.containsKey(e.name()))
        throw new ModelException("the inputs map names '" + e.name() + "', which is not an input of the model (inputs: "
            + String.join(", ", inputs.keySet()) + ")");
    for (String name : inputs.keySet())
      if (map.inputs().stream().noneMatch(e -> e.name().equals(name)))
        throw new ModelException("the model input '" + name + "' is not in the inputs map; give it columns or a constant (=VALUE)");
    long batch = -1;
    int offset = 0;
    for (InputMap.Entry e : map.inputs()) {
      TensorInfo ti = tensorInput(inputs.get(e.name()), true);
      long[] dims = ti.getShape();
      if (dims[0] > 0) {
        if (batch > 0 && batch != dims[0]) throw new ModelException("the model's inputs disagree on a fixed batch size");
        batch = dims[0];
      }
      long[] sample = Arrays.copyOfRange(dims, 1, dims.length);
      int width = e.columns().size();
      int[] shape;
      if (sample.length == 0) {
        if (width > 1) throw new ModelException("input '" + e.name() + "' takes one value per sample but " + width + " columns are mapped");
        shape = new int[0];
      } else if (e.shape() != null) {
        shape = e.shape();
        if (shape.length != sample.length)
          throw new ModelException("input '" + e.name() + "' has shape " + Arrays.toString(dims) + "; the map's shape "
              + Arrays.toString(shape) + " has " + shape.length + " dimension(s) per sample, the model " + sample.length);
        for (int k = 0; k < shape.length; k++)
          if (sample[k] > 0 && sample[k] != shape[k])
            throw new ModelException("input '" + e.name() + "' has shape " + Arrays.toString(dims) + ", which does not fit the map's shape " + Arrays.toString(shape));
        long n = 1;
        for (int v : shape) n *= v;
        if (!e.isConstant() && n != width)
          throw new ModelException("input '" + e.name() + "': the map's shape " + Arrays.toString(shape) + " holds " + n + " values but " + width + " column(s) are mapped");
        if (n > 1 << 20) throw new ModelException("input '" + e.name() + "': more than 1048576 values per sample");
      } else if (e.isConstant()) {
        if (Arrays.stream(sample).anyMatch(v -> v < 0))
          throw new ModelException("constant input '" + e.name() + "' has symbolic dimensions " + Arrays.toString(dims) + "; give its per-sample shape in the map");
        shape = resolveSampleShape(sample, (int) Arrays.stream(sample).reduce(1, (a, b) -> a * b));
      } else {
        shape = resolveSampleShape(sample, width);
      }
      feeds.add(new InputFeed(e.name(), ti.type, shape, offset, width, e.constant()));
      offset += width;
    }
    if (offset != features)
      throw new ModelException("the inputs map takes " + offset + " columns but the data has " + features + " features");
    return batch;
  }

  private static int[] resolveSampleShape(long[] dims, int features) {
    long known = 1;
    int unknown = -1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        if (unknown >= 0) {
          if (dims.length == 2 && features > 0) return new int[] {features};
          throw new ModelException("the input has several symbolic dimensions " + Arrays.toString(dims) + "; cannot infer the per-sample shape");
        }
        unknown = i;
      } else {
        known *= dims[i];
      }
    }
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) shape[i] = (int) dims[i];
    if (unknown >= 0) {
      if (known == 0 || features % known != 0)
        throw new ModelException("the data has " + features + " features, which does not fit the input shape " + Arrays.toString(dims));
      shape[unknown] = (int) (features / known);
    } else if (known != features) {
      String hint = features > known
          ? ": " + (features - known) + " column(s) too many. Name the label column with --target and sensitive attributes with --sensitive"
              + " (neither is fed to the model), or list the model's input columns with --features"
          : "";
      throw new ModelException("the model expects " + known + " values per sample (shape " + Arrays.toString(dims)
          + ") but the data has " + features + " features" + hint);
    }
    return shape.length == 0 ? new int[] {1} : shape;
  }

  private static OutputKind guessKind(String name, double[] row) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.contains("logit")) return OutputKind.LOGITS;
    if (n.contains("prob") || n.contains("softmax")) return OutputKind.PROBABILITIES;
    double sum = 0;
    for (double v : row) {
      if (v < 0 || v > 1) return OutputKind.LOGITS;
      sum += v;
    }
    return row.length == 1 || Math.abs(sum - 1) < 1e-3 ? OutputKind.PROBABILITIES : OutputKind.LOGITS;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int[] sampleShape() {
    return sampleShape.clone();
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public OutputKind outputKind() {
    return kind;
  }

  /**
   * {@code d} with the features that feed int64/int32 inputs marked integer (bounds rounded
   * inwards), so attacks keep them valid codes; {@code d} itself when there are none.
   */
  public InputDomain withIntegerInputs(InputDomain d) {
    boolean[] flags = d.integer() == null ? new boolean[d.size()] : d.integer().clone();
    int added = 0;
    for (InputFeed f : feeds) {
      if (f.type != OnnxJavaType.INT64 && f.type != OnnxJavaType.INT32) continue;
      for (int j = f.offset; j < f.offset + f.width; j++) if (!flags[j]) { flags[j] = true; added++; }
    }
    if (added == 0) return d;
    return new InputDomain(d.lower(), d.upper(), d.mean(), d.std(), d.source() + "; " + added + " feature(s) feed integer inputs", flags);
  }

  /** One line describing the model's signature, for reports. */
  public String describe() {
    return description;
  }

  @Override
  public long queries() {
    return queries;
  }

  @Override
  public long runtimeNanos() {
    return runtimeNanos;
  }

  @Override
  public double[][] logProbabilities(double[][] rows) {
    double[][] raw = runRaw(rows);
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) out[i] = toLogProbabilities(raw[i]);
    return out;
  }

  /** Arg max straight from the raw outputs: every decoding is monotone, so no softmax is needed. */
  @Override
  public int[] predict(double[][] rows) {
    double[][] raw = runRaw(rows);
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double[] r = raw[i];
      if (kind == OutputKind.LABELS) out[i] = Math.min(numClasses - 1, Scores.argmax(r));
      else if (r.length == 1) out[i] = r[0] > (kind == OutputKind.PROBABILITIES ? 0.5 : 0) ? 1 : 0;
      else out[i] = Scores.argmax(r);
    }
    return out;
  }

  @Override
  public double[][] rawScores(double[][] rows) {
    return runRaw(rows);
  }

  private double[] toLogProbabilities(double[] raw) {
    if (kind == OutputKind.LABELS) {
      double[] lp = new double[numClasses];
      Arrays.fill(lp, LOG_ZERO);
      lp[Math.min(numClasses - 1, Math.max(0, Scores.argmax(raw)))] = 0;
      return lp;
    }
    double[] scores = raw;
    if (raw.length == 1) {
      double v = raw[0];
      scores = kind == OutputKind.PROBABILITIES ? new double[] {1 - v, v} : new double[] {0, v};
    }
    return kind == OutputKind.LOGITS ? Scores.logSoftmax(scores) : Scores.logOf(scores);
  }

  private double[][] runRaw(double[][] rows) {
    double[][] out = new double[rows.length][];
    int step = fixedBatch > 0 ? (int) fixedBatch : MAX_BATCH;
    for (int start = 0; start < rows.length; start += step) {
      int n = Math.min(step, rows.length - start);
      double[][] part = runChunk(rows, start, n, fixedBatch > 0 ? (int) fixedBatch : n);
      System.arraycopy(part, 0, out, start, n);
    }
    queries += rows.length;
    return out;
  }

  private double[][] runChunk(double[][] rows, int start, int n, int batch) {
    for (int i = start; i < start + n; i++)
      if (rows[i].length != inputSize)
        throw new ModelException("row " + i + " has " + rows[i].length + " values; the model expects " + inputSize);
    Map<String, OnnxTensor> tensors = new java.util.LinkedHashMap<>();
    try {
      for (InputFeed f : feeds) tensors.put(f.name, f.tensor(env, rows, start, n, batch, domain));
      long t0 = System.nanoTime();
      try (OrtSession.Result r = session.run(tensors, java.util.Set.of(outputName))) {
        runtimeNanos += System.nanoTime() - t0;
        return decode(r.get(0), batch, n);
      }
    } catch (OrtException e) {
      throw new ModelException("ONNX Runtime failed on a batch of " + batch + ": " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : tensors.values()) t.close();
    }
  }

  private double[][] decode(OnnxValue value, int batch, int n) throws OrtException {
    double[][] out = new double[n][];
    switch (decoder) {
      case ZIPMAP -> {
        List<? extends OnnxValue> seq = ((OnnxSequence) value).getValue();
        for (int i = 0; i < n; i++) {
          Map<?, ?> m = ((OnnxMap) seq.get(i)).getValue();
          TreeMap<Long, Double> sorted = new TreeMap<>();
          for (Map.Entry<?, ?> e : m.entrySet())
            sorted.put(((Number) e.getKey()).longValue(), ((Number) e.getValue()).doubleValue());
          double[] row = new double[sorted.size()];
          int k = 0;
          for (double v : sorted.values()) row[k++] = v;
          out[i] = row;
        }
      }
      case SCORES -> {
        OnnxTensor t = (OnnxTensor) value;
        long[] shape = t.getInfo().getShape();
        int per = (int) (shape.length <= 1 ? 1 : t.getInfo().getNumElements() / batch);
        if (t.getInfo().type == OnnxJavaType.DOUBLE) {
          double[] all = new double[n * per];
          t.getDoubleBuffer().get(all);
          for (int i = 0; i < n; i++) out[i] = Arrays.copyOfRange(all, i * per, (i + 1) * per);
        } else {
          float[] all = new float[n * per];
          t.getFloatBuffer().get(all);
          for (int i = 0; i < n; i++) {
            double[] row = new double[per];
            for (int k = 0; k < per; k++) row[k] = all[i * per + k];
            out[i] = row;
          }
        }
      }
      case LABEL -> {
        long[] labels = new long[batch];
        ((OnnxTensor) value).getLongBuffer().get(labels);
        for (int i = 0; i < n; i++) {
          int c = (int) Math.max(0, Math.min(Integer.MAX_VALUE - 1, labels[i]));
          double[] row = new double[Math.max(c + 1, 2)];
          row[c] = 1;
          out[i] = row;
        }
      }
    }
    return out;
  }

  /** Every output as {@code name}, {@code type} and {@code shape} (-1 for a symbolic dimension), for reports. */
  public List<Map<String, Object>> outputSignature() {
    List<Map<String, Object>> s = new ArrayList<>();
    try {
      for (NodeInfo o : session.getOutputInfo().values()) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("name", o.getName());
        m.putAll(ValueDescription.of(o.getInfo()));
        s.add(m);
      }
    } catch (OrtException e) {
      s.add(Map.of("name", "unavailable", "type", "unknown"));
    }
    return s;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new ModelException("closing the session failed: " + e.getMessage(), e);
    }
  }
}
