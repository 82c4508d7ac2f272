package io.linehub.server.lines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import io.linehub.server.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the lines of the {@code lines.file} YAML ({@code lines: [ <LineJson objects> ]}) whose id
 * does not exist yet, in file order so a {@code line} fallback may name an earlier line. Lines that
 * exist are left alone: the file seeds a fresh install, REST edits survive restarts. Every line
 * is validated before any is created; a bad file fails startup with one line naming the file and
 * the field.
 */
public final class LinesBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(LinesBootstrap.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private LinesBootstrap() {
  }

  /** The number of lines created; fails with a {@link ConfigException} naming the file and field. */
  public static Future<Integer> run(Vertx vertx, LineStore store, Path file) {
    return vertx.executeBlocking(() -> read(file), false)
        .compose(lines -> createMissing(store, lines, file, 0, 0))
        .onSuccess(created -> LOG.info("Lines file read [file: {}, created: {}]", file, created));
  }

  /** Parses and validates the whole file (blocking: file I/O). */
  static List<Line> read(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readAllBytes(file));
    } catch (java.nio.file.NoSuchFileException e) {
      throw invalid(file, "does not exist");
    } catch (IOException e) {
      throw invalid(file, "cannot be read: " + firstLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isObject()) {
      throw invalid(file, "top level must be a mapping with the key 'lines'");
    }
    root.fieldNames().forEachRemaining(name -> {
      if (!"lines".equals(name)) {
        throw invalid(file, name + ": unknown key, only 'lines' is allowed");
      }
    });
    JsonNode items = root.path("lines");
    if (items.isMissingNode() || items.isNull()) {
      return List.of();
    }
    if (!items.isArray()) {
      throw invalid(file, "lines: must be a list of lines");
    }
    List<Line> lines = new ArrayList<>(items.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Line line = decode(file, items.get(i), i);
      Integer earlier = seen.putIfAbsent(line.id(), i);
      if (earlier != null) {
        throw invalid(file, "lines[" + i + "].id: " + line.id() + " is already defined at lines[" + earlier + "]");
      }
      lines.add(line);
    }
    return lines;
  }

  private static Line decode(Path file, JsonNode item, int index) {
    if (!item.isObject()) {
      throw invalid(file, "lines[" + index + "]: must be a mapping");
    }
    try {
      return LineJson.decode(new JsonObject(item.toString()));
    } catch (LinehubException e) {
      throw invalid(file, "lines[" + index + "]." + e.getMessage());
    } catch (DecodeException e) {
      throw invalid(file, "lines[" + index + "]: not representable as JSON");
    }
  }

  private static Future<Integer> createMissing(LineStore store, List<Line> lines, Path file, int index, int created) {
    if (index == lines.size()) {
      return Future.succeededFuture(created);
    }
    Line line = lines.get(index);
    return store.byId(line.id())
        .compose(existing -> existing.isPresent() ? Future.succeededFuture(false)
            : store.create(line).map(true).recover(failure -> createdElsewhere(failure, store, line.id())))
        .recover(failure -> Future.failedFuture(invalid(file, "lines[" + index + "]"
            + (failure instanceof LinehubException e && e.code() != ErrorCode.INTERNAL ? "." : ": ")
            + failure.getMessage())))
        .compose(wasCreated -> createMissing(store, lines, file, index + 1, created + (wasCreated ? 1 : 0)));
  }

  /** Another node starting from the same file created it first: that is success, not an error. */
  private static Future<Boolean> createdElsewhere(Throwable failure, LineStore store, String id) {
    if (failure instanceof LinehubException e && e.code() == ErrorCode.CONFLICT && e.getMessage().startsWith("id:")) {
      return store.byId(id).compose(found -> found.isPresent() ? Future.succeededFuture(false)
          : Future.failedFuture(failure));
    }
    return Future.failedFuture(failure);
  }

  private static ConfigException invalid(Path file, String why) {
    return new ConfigException("lines file " + file + ": " + why);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
