package io.linehub.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.crm.LinkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void loadShouldGiveDocumentedDefaultsWhenNothingIsSet() {
    LinehubConfig config = ConfigLoader.load(null, Map.of("PATH", "/usr/bin"));

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.sipPort()).isEqualTo(5060);
    assertThat(config.dataDir()).isEqualTo(Path.of("./data").toAbsolutePath().normalize());
    assertThat(config.db().external()).isEmpty();
    assertThat(config.adminPassword()).isEmpty();
    assertThat(config.crm().defaultRegion()).isEqualTo("RU");
    assertThat(config.crm().defaultPolicy()).isEqualTo(LinkPolicy.CREATE_LEAD);
    assertThat(config.tokenTtl()).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void loadShouldLetEnvironmentOverrideFileWhenBothSetAKey() throws IOException {
    Path file = write("http:\n  port: 9000\n  host: 127.0.0.1\nsip:\n  port: 5070\ncrm:\n  defaultRegion: br\n");

    LinehubConfig config = ConfigLoader.load(file, Map.of("LINEHUB_HTTP_PORT", "9100"));

    assertThat(config.http().port()).isEqualTo(9100);
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.sipPort()).isEqualTo(5070);
    assertThat(config.crm().defaultRegion()).isEqualTo("BR");
  }

  @Test
  void loadShouldParseExternalDatabaseWhenUrlIsGiven() {
    LinehubConfig config = ConfigLoader.load(null,
        Map.of("LINEHUB_DB_URL", "postgresql://hub:s3cret@db.internal:6543/linehub"));

    var options = config.db().external().orElseThrow();
    assertThat(options.getHost()).isEqualTo("db.internal");
    assertThat(options.getPort()).isEqualTo(6543);
    assertThat(options.getUser()).isEqualTo("hub");
    assertThat(options.getPassword()).isEqualTo("s3cret");
    assertThat(options.getDatabase()).isEqualTo("linehub");
  }

  @Test
  void loadShouldRefuseWhenFileHasUnknownKey() throws IOException {
    Path file = write("http:\n  prot: 9000\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown configuration key 'http.prot'");
  }

  @Test
  void loadShouldRefuseWhenEnvironmentHasUnknownLinehubVariable() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LINEHUB_HTTP_PROT", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown environment variable LINEHUB_HTTP_PROT");
  }

  @Test
  void loadShouldNameKeyAndRangeWhenValueIsBad() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LINEHUB_HTTP_PORT", "eighty")))
        .hasMessage("http.port (LINEHUB_HTTP_PORT) must be an integer from 0 to 65535, got 'eighty'");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LINEHUB_SIP_PORT", "70000")))
        .hasMessageContaining("sip.port (LINEHUB_SIP_PORT)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LINEHUB_DB_URL", "mysql://x")))
        .hasMessageContaining("db.url (LINEHUB_DB_URL) must look like postgresql://");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LINEHUB_CRM_DEFAULT_REGION", "XX")))
        .hasMessageContaining("crm.defaultRegion");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LINEHUB_CRM_DEFAULT_POLICY", "maybe")))
        .hasMessageContaining("create_lead, create_contact, activity_only");
  }

  @Test
  void attachmentTypesShouldBeReadAsALowerCasedListAndBadOnesNamed() {
    LinehubConfig config = ConfigLoader.load(null, Map.of("LINEHUB_CHAT_ATTACHMENT_TYPES", "image/PNG, application/pdf"));

    assertThat(config.chat().attachmentTypes()).containsExactlyInAnyOrder("image/png", "application/pdf");
    assertThat(ConfigLoader.load(null, Map.of()).chat().attachmentTypes()).contains("image/jpeg", "application/pdf")
        .doesNotContain("image/svg+xml", "text/html");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("LINEHUB_CHAT_ATTACHMENT_TYPES", "image/png,pdf")))
        .hasMessageContaining("chat.attachmentTypes (LINEHUB_CHAT_ATTACHMENT_TYPES) must be media types")
        .hasMessageContaining("'pdf'");
  }

  @Test
  void loadShouldRefuseWhenFileIsNotYaml() throws IOException {
    Path file = write("http: [unclosed\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cannot read config file");
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("linehub.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
