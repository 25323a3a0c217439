package io.modelvet.dynamic.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reads a NumPy {@code .npz} archive (a zip of {@code .npy} members) into named arrays. */
public final class NpzReader {
  /** Most bytes one member may inflate to. */
  public static final long MAX_MEMBER_BYTES = 512L << 20;
  /** Most members read. */
  public static final int MAX_MEMBERS = 256;

  private NpzReader() {}

  /** True when the bytes start like a zip archive. */
  public static boolean isZip(byte[] head) {
    return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  /** Arrays by name (member name without {@code .npy}), in archive order. */
  public static Map<String, NpyArray> read(byte[] bytes, String name) {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      ZipEntry e;
      while ((e = zin.getNextEntry()) != null) {
        if (e.isDirectory()) continue;
        if (out.size() >= MAX_MEMBERS) throw new DataException(name + ": more than " + MAX_MEMBERS + " arrays");
        String member = e.getName();
        String key = member.endsWith(".npy") ? member.substring(0, member.length() - 4) : member;
        byte[] data = readBounded(zin, name + "!/" + member);
        out.put(key, NpyReader.read(data, name + "!/" + member));
      }
    } catch (IOException ex) {
      throw new DataException(name + ": cannot read NPZ archive: " + ex.getMessage(), ex);
    }
    if (out.isEmpty()) throw new DataException(name + ": the NPZ archive holds no arrays");
    return out;
  }

  private static byte[] readBounded(InputStream in, String name) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total > MAX_MEMBER_BYTES) throw new DataException(name + ": member inflates beyond " + MAX_MEMBER_BYTES + " bytes");
      bos.write(buf, 0, n);
    }
    return bos.toByteArray();
  }
}
