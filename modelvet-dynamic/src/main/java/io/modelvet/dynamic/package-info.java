/** Black-box dynamic testing of ONNX models on ONNX Runtime. */
package io.modelvet.dynamic;
