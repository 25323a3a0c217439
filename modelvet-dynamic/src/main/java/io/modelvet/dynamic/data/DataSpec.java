package io.modelvet.dynamic.data;

import java.util.List;

/**
 * Which columns (CSV) or arrays (NPZ) play which role.
 *
 * @param target label column / array name, or null for none; for NPZ, defaults to {@code y}
 * @param sensitive sensitive columns / arrays
 * @param features explicit feature columns in model order, or empty for "all other columns"
 * @param ignore CSV columns never used as features when present (e.g. sensitive columns in a
 *     members file)
 */
public record DataSpec(String target, List<String> sensitive, List<String> features, List<String> ignore) {
  public DataSpec {
    sensitive = sensitive == null ? List.of() : List.copyOf(sensitive);
    features = features == null ? List.of() : List.copyOf(features);
    ignore = ignore == null ? List.of() : List.copyOf(ignore);
  }

  public DataSpec(String target, List<String> sensitive, List<String> features) {
    this(target, sensitive, features, List.of());
  }
}
