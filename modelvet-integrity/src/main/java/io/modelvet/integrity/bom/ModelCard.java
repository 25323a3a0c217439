package io.modelvet.integrity.bom;

import java.util.List;

/**
 * What a Hugging Face style model folder says about itself: {@code README.md} YAML front matter
 * and {@code config.json}. Absent values are null or empty.
 *
 * @param license {@code license}
 * @param datasets {@code datasets}
 * @param baseModels {@code base_model}
 * @param pipelineTag {@code pipeline_tag} (the task)
 * @param libraryName {@code library_name}, e.g. {@code transformers}
 * @param tags {@code tags}
 * @param architectures {@code config.json} {@code architectures}
 * @param modelType {@code config.json} {@code model_type}
 */
public record ModelCard(
    String license,
    List<String> datasets,
    List<String> baseModels,
    String pipelineTag,
    String libraryName,
    List<String> tags,
    List<String> architectures,
    String modelType) {

  public ModelCard {
    datasets = List.copyOf(datasets);
    baseModels = List.copyOf(baseModels);
    tags = List.copyOf(tags);
    architectures = List.copyOf(architectures);
  }

  public static ModelCard empty() {
    return new ModelCard(null, List.of(), List.of(), null, null, List.of(), List.of(), null);
  }
}
