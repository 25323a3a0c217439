package io.modelvet.formats.tensorflow;

import io.modelvet.engine.ScanContext;
import io.modelvet.formats.common.proto.ProtoReader;
import io.modelvet.formats.tensorflow.TfGraph.Node;
import io.modelvet.io.MalformedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks SavedModel / MetaGraphDef / GraphDef / FunctionDef / NodeDef with {@link ProtoReader},
 * following the field numbers of TensorFlow's protos (see {@code savedmodel_subset.proto}). Const
 * tensors and other attribute payloads are seeked over.
 */
final class TfGraphParser {
  static final long MAX_NODES = 10_000_000;
  static final int MAX_NAME = 1 << 16;
  static final int MAX_KEPT_STRING = 256;
  static final int MAX_KEPT_STRINGS = 8;
  static final int MAX_META_GRAPHS = 1000;

  private static final int LEN = ProtoReader.LEN;
  // SavedModel
  private static final int SAVED_MODEL_META_GRAPH = 2 << 3 | LEN;
  // MetaGraphDef
  private static final int META_INFO = 1 << 3 | LEN;
  private static final int META_GRAPH_DEF = 2 << 3 | LEN;
  private static final int META_SAVER_DEF = 3 << 3 | LEN;
  // MetaInfoDef
  private static final int INFO_TAGS = 4 << 3 | LEN;
  // SaverDef
  private static final int SAVER_FILENAME = 1 << 3 | LEN;
  private static final int SAVER_SAVE = 2 << 3 | LEN;
  private static final int SAVER_RESTORE = 3 << 3 | LEN;
  // GraphDef
  private static final int GRAPH_NODE = 1 << 3 | LEN;
  private static final int GRAPH_LIBRARY = 2 << 3 | LEN;
  // FunctionDefLibrary, FunctionDef, OpDef
  private static final int LIBRARY_FUNCTION = 1 << 3 | LEN;
  private static final int FUNCTION_SIGNATURE = 1 << 3 | LEN;
  private static final int FUNCTION_NODE = 3 << 3 | LEN;
  private static final int OPDEF_NAME = 1 << 3 | LEN;
  // NodeDef
  private static final int NODE_NAME = 1 << 3 | LEN;
  private static final int NODE_OP = 2 << 3 | LEN;
  private static final int NODE_ATTR = 5 << 3 | LEN;
  // map entry, AttrValue, ListValue, NameAttrList
  private static final int ENTRY_KEY = 1 << 3 | LEN;
  private static final int ENTRY_VALUE = 2 << 3 | LEN;
  private static final int ATTR_LIST = 1 << 3 | LEN;
  private static final int ATTR_S = 2 << 3 | LEN;
  private static final int ATTR_FUNC = 10 << 3 | LEN;
  private static final int LIST_FUNC = 9 << 3 | LEN;
  private static final int NAME_ATTR_LIST_NAME = 1 << 3 | LEN;

  private final ScanContext ctx;
  private long nodeCount;

  TfGraphParser(ScanContext ctx) {
    this.ctx = ctx;
  }

  /** Parses a SavedModel: one TfGraph per MetaGraphDef. */
  List<TfGraph> parseSavedModel() throws IOException {
    List<TfGraph> graphs = new ArrayList<>();
    ProtoReader r = ProtoReader.of(ctx.source());
    while (r.next()) {
      if (r.tag() == SAVED_MODEL_META_GRAPH) {
        if (graphs.size() >= MAX_META_GRAPHS) throw new MalformedException("more than " + MAX_META_GRAPHS + " meta graphs");
        TfGraph g = new TfGraph();
        g.index = graphs.size();
        r.message(m -> metaGraph(m, g));
        graphs.add(g);
      } else {
        r.skip();
      }
    }
    return graphs;
  }

  /** Parses a bare GraphDef (a frozen graph). */
  TfGraph parseGraphDef() throws IOException {
    TfGraph g = new TfGraph();
    graphDef(ProtoReader.of(ctx.source()), g);
    return g;
  }

  private void metaGraph(ProtoReader r, TfGraph g) throws IOException {
    while (r.next()) {
      switch (r.tag()) {
        case META_INFO -> r.message(i -> {
          while (i.next()) {
            if (i.tag() == INFO_TAGS) g.tags.add(i.readString(MAX_NAME));
            else i.skip();
          }
        });
        case META_GRAPH_DEF -> r.message(d -> graphDef(d, g));
        case META_SAVER_DEF -> r.message(s -> {
          while (s.next()) {
            switch (s.tag()) {
              case SAVER_FILENAME -> g.saverFilenameTensor = s.readString(MAX_NAME);
              case SAVER_SAVE -> g.saverSaveTensor = s.readString(MAX_NAME);
              case SAVER_RESTORE -> g.saverRestoreOp = s.readString(MAX_NAME);
              default -> s.skip();
            }
          }
        });
        default -> r.skip();
      }
    }
  }

  private void graphDef(ProtoReader r, TfGraph g) throws IOException {
    while (r.next()) {
      switch (r.tag()) {
        case GRAPH_NODE -> r.message(n -> g.nodes.add(node(n)));
        case GRAPH_LIBRARY -> r.message(l -> {
          while (l.next()) {
            if (l.tag() == LIBRARY_FUNCTION) {
              long at = l.position();
              l.message(f -> function(f, g, at));
            } else {
              l.skip();
            }
          }
        });
        default -> r.skip();
      }
    }
  }

  private void function(ProtoReader r, TfGraph g, long at) throws IOException {
    String[] name = {""};
    List<Node> nodes = new ArrayList<>();
    while (r.next()) {
      switch (r.tag()) {
        case FUNCTION_SIGNATURE -> r.message(s -> {
          while (s.next()) {
            if (s.tag() == OPDEF_NAME) name[0] = s.readString(MAX_NAME);
            else s.skip();
          }
        });
        case FUNCTION_NODE -> r.message(n -> nodes.add(node(n)));
        default -> r.skip();
      }
    }
    g.functions.put(name[0], new TfGraph.Function(name[0], nodes, at));
  }

  private Node node(ProtoReader r) throws IOException {
    if (++nodeCount > MAX_NODES) throw new MalformedException("more than " + MAX_NODES + " nodes");
    if ((nodeCount & 1023) == 0) ctx.checkDeadline();
    long at = r.position();
    String name = "";
    String op = "";
    List<String> calls = new ArrayList<>();
    Map<String, String> strings = new LinkedHashMap<>();
    while (r.next()) {
      switch (r.tag()) {
        case NODE_NAME -> name = r.readString(MAX_NAME);
        case NODE_OP -> op = r.readString(MAX_NAME);
        case NODE_ATTR -> r.message(e -> attrEntry(e, calls, strings));
        default -> r.skip();
      }
    }
    return new Node(name, op, calls, strings, at);
  }

  private void attrEntry(ProtoReader r, List<String> calls, Map<String, String> strings) throws IOException {
    String[] key = {""};
    while (r.next()) {
      switch (r.tag()) {
        case ENTRY_KEY -> key[0] = r.readString(MAX_NAME);
        case ENTRY_VALUE -> r.message(v -> {
          while (v.next()) {
            switch (v.tag()) {
              case ATTR_FUNC -> v.message(f -> calls.add(nameAttrList(f)));
              case ATTR_LIST -> v.message(l -> {
                while (l.next()) {
                  if (l.tag() == LIST_FUNC) l.message(f -> calls.add(nameAttrList(f)));
                  else l.skip();
                }
              });
              case ATTR_S -> {
                // AttrValue is a oneof: when it holds a string, the string is all that remains.
                if (v.remaining() <= MAX_KEPT_STRING + 2 && strings.size() < MAX_KEPT_STRINGS) strings.put(key[0], v.readString(MAX_KEPT_STRING + 2));
                else v.skip();
              }
              default -> v.skip();
            }
          }
        });
        default -> r.skip();
      }
    }
  }

  private String nameAttrList(ProtoReader r) throws IOException {
    String name = "";
    while (r.next()) {
      if (r.tag() == NAME_ATTR_LIST_NAME) name = r.readString(MAX_NAME);
      else r.skip();
    }
    return name;
  }
}
