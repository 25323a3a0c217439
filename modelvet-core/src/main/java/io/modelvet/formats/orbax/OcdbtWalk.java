package io.modelvet.formats.orbax;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.orbax.OcdbtCodec.Child;
import io.modelvet.formats.orbax.OcdbtCodec.DataFile;
import io.modelvet.formats.orbax.OcdbtCodec.Ref;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks an OCDBT database from its {@code manifest.ocdbt}: versions, version tree nodes and B+tree
 * nodes, the way TensorStore reads it, without loading tensor values. Every path of a data file
 * table is checked before it is joined to the database folder, every reference against the size of
 * its file, and every node's envelope and columns by {@link OcdbtCodec}. What it finds goes to a
 * {@link Sink} with the file and offset of the bytes responsible, so that each file of the folder
 * reports its own problems.
 */
final class OcdbtWalk {
  static final String MANIFEST = "manifest.ocdbt";
  private static final int MAX_NODES = 100_000;
  private static final int MAX_METADATA_VALUE = 1 << 20;

  /** Receives what the walk finds; {@code file} is the absolute normalised path holding the bytes. */
  interface Sink {
    void problem(Path file, long offset, String rule, String message, String evidence) throws IOException;

    /** A value stored under a key ending in {@code .zarray} or {@code zarr.json}. */
    void metadata(Path file, long offset, String key, byte[] json) throws IOException;

    /** An out-of-line value (a chunk), already checked to lie inside its file. */
    void value(Path file, long offset, String key, long length) throws IOException;

    /** The walk could not read something it needs (missing file, budget). */
    void incomplete(String reason);
  }

  private final ScanContext ctx;
  private final Path root;
  private final Sink sink;
  private final Set<String> seen = new HashSet<>();
  private final Deque<Pending> pending = new ArrayDeque<>();

  private record Pending(Path from, long fromOffset, Child child, boolean version) {}

  OcdbtWalk(ScanContext ctx, Path root, Sink sink) {
    this.ctx = ctx;
    this.root = root.toAbsolutePath().normalize();
    this.sink = sink;
  }

  /** True when {@code file} starts with the OCDBT manifest magic. */
  static boolean isManifest(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      return f.length() >= 16 && f.readInt() == OcdbtCodec.MANIFEST_MAGIC;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  void run() throws IOException {
    Path manifest = root.resolve(MANIFEST);
    long size = Files.size(manifest);
    if (size > ctx.budgets().maxInMemoryMember()) {
      sink.incomplete("OCDBT manifest of " + size + " bytes is larger than the in-memory budget");
      return;
    }
    OcdbtCodec.Manifest m;
    try {
      m = OcdbtCodec.manifest(OcdbtCodec.open(Files.readAllBytes(manifest), OcdbtCodec.MANIFEST_MAGIC, ctx.budgets().maxInMemoryMember()));
    } catch (MalformedException e) {
      sink.problem(manifest, 0, "ocdbt.malformed", "The OCDBT manifest is malformed: " + e.getMessage() + ". TensorStore refuses to open the database.", e.getMessage());
      return;
    }
    if (m.kind() == 1) {
      sink.incomplete("OCDBT database with numbered manifests (manifest.<generation> files), which ModelVet does not follow");
      return;
    }
    checkTable(manifest, 0, m.files());
    for (OcdbtCodec.Root r : m.versions())
      if (r.ref().length() > 0) pending.add(new Pending(manifest, 0, new Child(r.ref(), r.height(), ""), false));
    for (Child c : m.versionNodes()) pending.add(new Pending(manifest, 0, c, true));
    while (!pending.isEmpty()) {
      if (seen.size() > MAX_NODES) {
        sink.incomplete("OCDBT database with more than " + MAX_NODES + " nodes");
        return;
      }
      ctx.checkDeadline();
      Pending p = pending.poll();
      visit(p);
    }
  }

  private void visit(Pending p) throws IOException {
    Ref ref = p.child().ref();
    Path file = resolve(ref.file());
    if (file == null || !seen.add(file + "@" + ref.offset())) return;
    byte[] enc = read(p.from(), p.fromOffset(), file, ref, ctx.budgets().maxInMemoryMember());
    if (enc == null) return;
    String transitive = ref.file().base();
    try {
      if (p.version()) {
        OcdbtCodec.VersionNode v = OcdbtCodec.versionNode(OcdbtCodec.open(enc, OcdbtCodec.VERSION_NODE_MAGIC, ctx.budgets().maxInMemoryMember()), transitive);
        if (v.height() != p.child().height()) throw new MalformedException("version tree node of height " + v.height() + " where " + p.child().height() + " was expected");
        checkTable(file, ref.offset(), v.files());
        for (OcdbtCodec.Root r : v.roots()) if (r.ref().length() > 0) pending.add(new Pending(file, ref.offset(), new Child(r.ref(), r.height(), ""), false));
        for (Child c : v.children()) pending.add(new Pending(file, ref.offset(), c, true));
        return;
      }
      OcdbtCodec.BtreeNode n = OcdbtCodec.btreeNode(OcdbtCodec.open(enc, OcdbtCodec.BTREE_MAGIC, ctx.budgets().maxInMemoryMember()), transitive, p.child().key());
      if (n.height() != p.child().height()) throw new MalformedException("B+tree node of height " + n.height() + " where " + p.child().height() + " was expected");
      checkTable(file, ref.offset(), n.files());
      for (Child c : n.children()) pending.add(new Pending(file, ref.offset(), c, false));
      for (OcdbtCodec.Entry e : n.leaves()) entry(file, ref.offset(), e);
    } catch (MalformedException e) {
      sink.problem(file, ref.offset(), "ocdbt.malformed", "The OCDBT " + (p.version() ? "version tree" : "B+tree") + " node at offset " + ref.offset() + " is malformed: " + e.getMessage() + ". TensorStore refuses to read it.", e.getMessage());
    }
  }

  private void entry(Path nodeFile, long nodeOffset, OcdbtCodec.Entry e) throws IOException {
    boolean metadata = e.key().endsWith(".zarray") || e.key().endsWith("zarr.json");
    if (e.inline() != null) {
      if (metadata) sink.metadata(nodeFile, nodeOffset, e.key(), e.inline());
      return;
    }
    Path file = resolve(e.ref().file());
    if (file == null) return;
    if (metadata) {
      byte[] json = read(nodeFile, nodeOffset, file, e.ref(), MAX_METADATA_VALUE);
      if (json != null) sink.metadata(file, e.ref().offset(), e.key(), json);
    } else if (inside(nodeFile, nodeOffset, file, e.ref())) {
      sink.value(file, e.ref().offset(), e.key(), e.ref().length());
    }
  }

  /** Reports data file paths that leave the database folder (absolute, '..', drive letters). */
  private void checkTable(Path file, long offset, List<DataFile> files) throws IOException {
    for (DataFile f : files)
      if (escapes(f.path()))
        sink.problem(file, offset, "ocdbt.path-escape", "The OCDBT data file table names '" + printable(f.path()) + "', which leaves the database folder: TensorStore joins it to the checkpoint location and reads whatever file it reaches.", printable(f.path()));
  }

  static boolean escapes(String path) {
    if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*") || path.contains("://")) return true;
    for (String part : path.split("[/\\\\]")) if (part.equals("..")) return true;
    return false;
  }

  /** The file a table entry names inside the database, or null when it escapes (reported with the table). */
  private Path resolve(DataFile f) {
    if (escapes(f.path()) || f.path().indexOf('\0') >= 0) return null;
    Path p = root.resolve(f.path()).normalize();
    return p.startsWith(root) ? p : null;
  }

  private boolean inside(Path from, long fromOffset, Path file, Ref ref) throws IOException {
    if (!Files.isRegularFile(file)) {
      sink.incomplete("OCDBT data file " + root.relativize(file) + " is missing");
      return false;
    }
    long size = Files.size(file);
    if (Long.compareUnsigned(ref.offset(), size) > 0 || ref.length() > size - ref.offset()) {
      sink.problem(from, fromOffset, "ocdbt.bad-reference", "An OCDBT reference points at bytes " + ref.offset() + "+" + ref.length() + " of " + root.relativize(file) + ", which has only " + size + " bytes.", root.relativize(file) + " @" + ref.offset() + "+" + ref.length() + " > " + size);
      return false;
    }
    return true;
  }

  private byte[] read(Path from, long fromOffset, Path file, Ref ref, long max) throws IOException {
    if (!inside(from, fromOffset, file, ref)) return null;
    if (ref.length() > max) {
      sink.incomplete("OCDBT node or metadata of " + ref.length() + " bytes in " + root.relativize(file) + " is larger than the analysis budget");
      return null;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      byte[] b = new byte[(int) ref.length()];
      f.seek(ref.offset());
      f.readFully(b);
      return b;
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) b.append(c < 0x20 || c == 0x7f ? '?' : c);
    return b.length() > 200 ? b.substring(0, 200) + "..." : b.toString();
  }

}
