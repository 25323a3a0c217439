package io.modelvet.formats.archive.oci;

import java.io.IOException;

/** Where an OCI layout's blobs are: files of a folder, or members of an {@code oci-archive} tar. */
interface OciBlobs {
  /** A blob as found: its size in bytes and the digest of its bytes, in the algorithm asked for. */
  record Blob(long size, String digest) {}

  /** The blob named {@code alg:hex}, or null when the layout does not hold it. */
  Blob find(String alg, String hex) throws IOException;

  /** The bytes of a blob that is a JSON document (index or manifest); fails when unavailable. */
  byte[] json(String alg, String hex) throws IOException;
}
