/** Hashing, OpenSSF model signing and CycloneDX ML-BOM generation. */
package io.modelvet.integrity;
