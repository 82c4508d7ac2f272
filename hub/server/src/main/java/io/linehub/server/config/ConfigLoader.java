package io.linehub.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Loads configuration once: defaults, then the optional YAML file, then {@code LINEHUB_*}
 * environment variables. Unknown keys and variables are errors, so a typo never silently falls
 * back to a default.
 */
public final class ConfigLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigLoader() {
  }

  public static LinehubConfig load(Path file, Map<String, String> env) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey key : ConfigKey.values()) {
      values.put(key, key.defaultValue());
    }
    if (file != null) {
      readYaml(file, values);
    }
    for (Map.Entry<String, String> variable : env.entrySet()) {
      if (variable.getKey().startsWith("LINEHUB_")) {
        ConfigKey key = ConfigKey.byEnv(variable.getKey()).orElseThrow(() ->
            new ConfigException("unknown environment variable " + variable.getKey()));
        values.put(key, variable.getValue());
      }
    }
    return LinehubConfig.from(values);
  }

  private static void readYaml(Path file, Map<ConfigKey, String> values) {
    JsonNode root;
    try {
      root = YAML.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + firstLine(e.getMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return;
    }
    if (!root.isObject()) {
      throw new ConfigException("config file " + file + ": top level must be a mapping");
    }
    flatten("", root, file, values);
  }

  private static void flatten(String prefix, JsonNode node, Path file, Map<ConfigKey, String> values) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix + field.getKey();
      JsonNode value = field.getValue();
      ConfigKey key = ConfigKey.byPath(path).orElse(null);
      if (key == null && value.isObject()) {
        flatten(path + ".", value, file, values);
      } else if (key == null) {
        throw new ConfigException("unknown configuration key '" + path + "' in " + file);
      } else if (value.isContainerNode()) {
        throw new ConfigException("configuration key '" + path + "' in " + file + " must be a single value");
      } else {
        values.put(key, value.isNull() ? "" : value.asText());
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
