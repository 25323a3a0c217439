package io.modelvet.formats.common;

import io.modelvet.io.ByteSource;
import java.io.IOException;

/**
 * Sees every regular member of an archive walk (name and bytes) before it is dispatched, for
 * layouts that check members against each other (an OCI archive's digests). The bytes are a slice
 * of the archive or the member decompressed in memory; an observer keeps only what it needs.
 */
public interface ArchiveMembers {
  void member(String name, ByteSource data) throws IOException;
}
