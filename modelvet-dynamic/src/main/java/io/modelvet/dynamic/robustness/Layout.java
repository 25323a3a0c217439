package io.modelvet.dynamic.robustness;

/**
 * Channel/height/width view of a flat sample used to place square windows. Images use their
 * {@code [C, H, W]} shape; a flat vector is a single row ({@code 1 x 1 x d}), so windows become
 * contiguous feature segments.
 */
record Layout(int c, int h, int w) {
  static Layout of(int[] shape) {
    if (shape.length >= 3) {
      int c = 1;
      for (int i = 0; i < shape.length - 2; i++) c *= shape[i];
      return new Layout(c, shape[shape.length - 2], shape[shape.length - 1]);
    }
    if (shape.length == 2) return new Layout(1, shape[0], shape[1]);
    return new Layout(1, 1, shape.length == 0 ? 1 : shape[0]);
  }

  int size() {
    return c * h * w;
  }

  int index(int ch, int row, int col) {
    return (ch * h + row) * w + col;
  }
}
