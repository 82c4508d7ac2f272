package io.linehub.api.web;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * Comma-separated values as RFC 4180 defines them: records end with CRLF, a field holding a comma,
 * a double quote, CR or LF is enclosed in double quotes and its quotes are doubled. A null is an
 * empty field. Text is written as it is (UTF-8 on the wire): no byte-order mark, since RFC 4180
 * readers take one for part of the first column's name.
 */
public final class Csv {

  /** RFC 4180 section 2, rule 1: each record ends with a line break, and that break is CRLF. */
  public static final String EOL = "\r\n";
  public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

  private Csv() {
  }

  /**
   * A report result: the column names in order and one JSON object per row keyed by them. The
   * same table answers as JSON ({@code rows}) or as CSV ({@link #toCsv()}, a header row first).
   */
  public record Table(List<String> columns, List<JsonObject> rows) {

    public Table {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }

    public String toCsv() {
      StringBuilder out = new StringBuilder(64 * (rows.size() + 1));
      appendRecord(out, columns);
      Object[] values = new Object[columns.size()];
      for (JsonObject row : rows) {
        for (int i = 0; i < values.length; i++) {
          values[i] = row.getValue(columns.get(i));
        }
        appendRecord(out, Arrays.asList(values));
      }
      return out.toString();
    }
  }

  /** Appends one record (its fields and the closing CRLF). */
  public static void appendRecord(StringBuilder out, List<?> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendField(out, fields.get(i));
    }
    out.append(EOL);
  }

  /** Appends one field, quoted only when its text needs it. */
  public static void appendField(StringBuilder out, Object value) {
    if (value == null) {
      return;
    }
    String text = value.toString();
    if (!needsQuotes(text)) {
      out.append(text);
      return;
    }
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }

  /** The field as it would be written, for one-off values. */
  public static String field(Object value) {
    StringBuilder out = new StringBuilder();
    appendField(out, value);
    return out.toString();
  }

  private static boolean needsQuotes(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ',' || c == '"' || c == '\r' || c == '\n') {
        return true;
      }
    }
    return false;
  }
}
