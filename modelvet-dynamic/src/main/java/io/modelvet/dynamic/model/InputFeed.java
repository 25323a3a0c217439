package io.modelvet.dynamic.model;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One model input fed from a slice {@code [offset, offset + width)} of the feature vector (in user
 * units, normalised at this boundary) or, when {@code width == 0}, a constant. Float, double,
 * int64 and int32 tensors; integer inputs get the feature value rounded to the nearest integer.
 */
final class InputFeed {
  final String name;
  final OnnxJavaType type;
  final int[] sampleShape;
  final int offset;
  final int width;
  final double constant;
  private final int size;
  private ByteBuffer buffer;
  private double[] staging;
  private float[] stagingF;

  InputFeed(String name, OnnxJavaType type, int[] sampleShape, int offset, int width, double constant) {
    this.name = name;
    this.type = type;
    this.sampleShape = sampleShape.clone();
    this.offset = offset;
    this.width = width;
    this.constant = constant;
    this.size = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
  }

  static boolean supported(OnnxJavaType t) {
    return t == OnnxJavaType.FLOAT || t == OnnxJavaType.DOUBLE || t == OnnxJavaType.INT64 || t == OnnxJavaType.INT32;
  }

  String typeName() {
    return switch (type) {
      case DOUBLE -> "double";
      case INT64 -> "int64";
      case INT32 -> "int32";
      default -> "float";
    };
  }

  /** The tensor for rows {@code start .. start+n-1}, padded to {@code batch} with the last row. */
  OnnxTensor tensor(OrtEnvironment env, double[][] rows, int start, int n, int batch, InputDomain domain) throws OrtException {
    int bytesPer = type == OnnxJavaType.DOUBLE || type == OnnxJavaType.INT64 ? 8 : 4;
    int count = batch * size;
    if (buffer == null || buffer.capacity() < count * bytesPer) {
      buffer = ByteBuffer.allocateDirect(count * bytesPer).order(ByteOrder.nativeOrder());
      staging = type == OnnxJavaType.FLOAT ? null : new double[count];
      stagingF = type == OnnxJavaType.FLOAT ? new float[count] : null;
    }
    for (int b = 0; b < batch; b++) {
      int i = start + Math.min(b, n - 1); // pads a fixed batch with copies of the last row
      double[] row = rows[i];
      int off = b * size;
      for (int k = 0; k < size; k++) {
        double m;
        if (width == 0) {
          m = constant;
        } else {
          int j = offset + k;
          double v = row[j];
          if (!Double.isFinite(v))
            throw new ModelException("row " + i + ", feature " + j + " is " + v + "; inputs must be finite");
          m = domain.toModel(v, j);
        }
        if (stagingF != null) stagingF[off + k] = (float) m; else staging[off + k] = m;
      }
    }
    buffer.clear();
    switch (type) {
      case FLOAT -> buffer.asFloatBuffer().put(stagingF, 0, count);
      case DOUBLE -> buffer.asDoubleBuffer().put(staging, 0, count);
      case INT64 -> { for (int k = 0; k < count; k++) buffer.putLong(k * 8, Math.round(staging[k])); }
      default -> { for (int k = 0; k < count; k++) buffer.putInt(k * 4, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(staging[k])))); }
    }
    buffer.limit(count * bytesPer);
    long[] shape = new long[sampleShape.length + 1];
    shape[0] = batch;
    for (int k = 0; k < sampleShape.length; k++) shape[k + 1] = sampleShape[k];
    buffer.position(0);
    return switch (type) {
      case DOUBLE -> OnnxTensor.createTensor(env, buffer.asDoubleBuffer(), shape);
      case INT64 -> OnnxTensor.createTensor(env, buffer.asLongBuffer(), shape);
      case INT32 -> OnnxTensor.createTensor(env, buffer.asIntBuffer(), shape);
      default -> OnnxTensor.createTensor(env, buffer.asFloatBuffer(), shape);
    };
  }
}
