package io.modelvet.integrity.hashing;

import java.nio.file.Path;

/**
 * One regular file of a model.
 *
 * @param name path relative to the model root with {@code /} separators ({@code .} when the model is
 *     a single file)
 * @param path where to read it
 * @param size its size in bytes when listed
 */
public record ModelFile(String name, Path path, long size) {}
