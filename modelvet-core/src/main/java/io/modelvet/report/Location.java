package io.modelvet.report;

/**
 * Where a finding was seen.
 *
 * @param path display path of the scanned file; archive members are written {@code
 *     outer.zip!/inner/data.pkl}
 * @param offset byte offset inside that file (or member), or -1 when it does not apply
 * @param detail a finer position in the format's own terms (a JSON pointer, a layer name, a
 *     graph node), or null
 */
public record Location(String path, long offset, String detail) {

  public static Location of(String path) {
    return new Location(path, -1, null);
  }

  public static Location at(String path, long offset) {
    return new Location(path, offset, null);
  }

  public Location withDetail(String newDetail) {
    return new Location(path, offset, newDetail);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(path);
    if (offset >= 0) sb.append('@').append(offset);
    if (detail != null) sb.append(" (").append(detail).append(')');
    return sb.toString();
  }
}
