package io.modelvet.formats.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle streams opcode by opcode, for hostile test fixtures. */
final class PickleWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static PickleWriter proto(int p) {
    PickleWriter w = new PickleWriter();
    if (p >= 2) w.op(0x80).op(p);
    return w;
  }

  PickleWriter op(int b) {
    out.write(b);
    return this;
  }

  PickleWriter raw(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  PickleWriter raw(String latin1) {
    return raw(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  private PickleWriter le(long v, int n) {
    for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)) & 0xff);
    return this;
  }

  PickleWriter global(String module, String name) {
    return op('c').raw(module + "\n" + name + "\n");
  }

  PickleWriter inst(String module, String name) {
    return op('i').raw(module + "\n" + name + "\n");
  }

  /** A str operand: SHORT_BINUNICODE or BINUNICODE. */
  PickleWriter str(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length < 256) return op(0x8c).op(b.length).raw(b);
    return op('X').le(b.length, 4).raw(b);
  }

  /** A protocol-0 STRING operand. */
  PickleWriter string0(String s) {
    return op('S').raw("'" + s + "'\n");
  }

  PickleWriter unicode0(String s) {
    return op('V').raw(s + "\n");
  }

  PickleWriter shortBinString(String s) {
    return op('U').op(s.length()).raw(s);
  }

  PickleWriter bytes(byte[] b) {
    if (b.length < 256) return op('C').op(b.length).raw(b);
    return op('B').le(b.length, 4).raw(b);
  }

  PickleWriter bytes8Header(long n) {
    return op(0x8e).le(n, 8);
  }

  PickleWriter binint(int v) {
    return op('J').le(v, 4);
  }

  PickleWriter int1(int v) {
    return op('K').op(v);
  }

  PickleWriter mark() {
    return op('(');
  }

  PickleWriter tuple() {
    return op('t');
  }

  PickleWriter tuple1() {
    return op(0x85);
  }

  PickleWriter tuple2() {
    return op(0x86);
  }

  PickleWriter emptyTuple() {
    return op(')');
  }

  PickleWriter emptyDict() {
    return op('}');
  }

  PickleWriter emptyList() {
    return op(']');
  }

  PickleWriter setitem() {
    return op('s');
  }

  PickleWriter append() {
    return op('a');
  }

  PickleWriter stackGlobal() {
    return op(0x93);
  }

  PickleWriter reduce() {
    return op('R');
  }

  PickleWriter build() {
    return op('b');
  }

  PickleWriter newobj() {
    return op(0x81);
  }

  PickleWriter obj() {
    return op('o');
  }

  PickleWriter pop() {
    return op('0');
  }

  PickleWriter dup() {
    return op('2');
  }

  PickleWriter none() {
    return op('N');
  }

  PickleWriter binput(int k) {
    return op('q').op(k);
  }

  PickleWriter binget(int k) {
    return op('h').op(k);
  }

  PickleWriter memoize() {
    return op(0x94);
  }

  PickleWriter frame(long n) {
    return op(0x95).le(n, 8);
  }

  PickleWriter ext1(int code) {
    return op(0x82).op(code);
  }

  PickleWriter stop() {
    return op('.');
  }

  /** {@code module.name(arg)} with GLOBAL + one str argument + REDUCE. */
  PickleWriter call(String module, String name, String arg) {
    return global(module, name).str(arg).tuple1().reduce();
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  int size() {
    return out.size();
  }
}
