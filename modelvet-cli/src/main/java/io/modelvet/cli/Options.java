package io.modelvet.cli;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Helpers for commands whose picocli model is built through picocli's programmatic API rather than
 * from annotations. Reading the first annotation costs the JDK tens of milliseconds (annotation
 * parsing and a generated proxy class per annotation type), most of a short scan's start-up; the
 * model, the parsing, the help and the error messages stay picocli's (docs/performance.md).
 */
final class Options {
  private Options() {}

  /**
   * Binds the option to a field of a command object, read and written without reflection; the
   * field's value now is the option's initial value, as picocli takes it from an annotated field.
   */
  static <V> OptionSpec.Builder bound(OptionSpec.Builder option, Supplier<V> get, Consumer<V> set) {
    Field<V> f = new Field<>(get, set);
    return option.getter(f).setter(f).initialValue(get.get());
  }

  /** Binds the positional parameters to a field of a command object. */
  static <V> PositionalParamSpec.Builder bound(PositionalParamSpec.Builder params, Supplier<V> get, Consumer<V> set) {
    Field<V> f = new Field<>(get, set);
    return params.getter(f).setter(f).initialValue(get.get());
  }

  /** An option taking one value of {@code type}. */
  static OptionSpec.Builder value(String name, String label, Class<?> type, String description) {
    return OptionSpec.builder(name).paramLabel(label).type(type).description(description);
  }

  /** A flag. */
  static OptionSpec.Builder flag(String name, String description) {
    return OptionSpec.builder(name).type(boolean.class).description(description);
  }

  /** A repeatable option collecting its values of {@code element} type in a list. */
  static OptionSpec.Builder list(String name, String label, Class<?> element, String description) {
    return OptionSpec.builder(name).paramLabel(label).type(List.class).auxiliaryTypes(element).description(description);
  }

  /** The {@code -h, --help} and {@code -V, --version} options that picocli's standard help mixin adds. */
  static List<OptionSpec> standardHelp() {
    return List.of(
        OptionSpec.builder("-h", "--help").type(boolean.class).usageHelp(true).description("Show this help message and exit.").build(),
        OptionSpec.builder("-V", "--version").type(boolean.class).versionHelp(true).description("Print version information and exit.").build());
  }

  private static final class Field<V> implements IGetter, ISetter {
    private final Supplier<V> get;
    private final Consumer<V> set;

    private Field(Supplier<V> get, Consumer<V> set) {
      this.get = get;
      this.set = set;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get() {
      return (T) get.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      T old = (T) get.get();
      set.accept((V) value);
      return old;
    }
  }
}
