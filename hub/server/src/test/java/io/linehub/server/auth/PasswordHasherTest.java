package io.linehub.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(1_000);

  @Test
  void verifyShouldAcceptOnlyTheOriginalPasswordWhenHashed() {
    String hash = hasher.hash("correct horse");

    assertThat(hasher.verify("correct horse", hash)).isTrue();
    assertThat(hasher.verify("correct horsE", hash)).isFalse();
    assertThat(hash).startsWith("pbkdf2-sha256$1000$").doesNotContain("correct");
  }

  @Test
  void hashShouldDifferWhenSamePasswordIsHashedTwice() {
    assertThat(hasher.hash("same")).isNotEqualTo(hasher.hash("same"));
  }

  @Test
  void verifyShouldRejectWhenStoredHashIsMalformed() {
    assertThat(hasher.verify("x", "plain")).isFalse();
    assertThat(hasher.verify("x", "pbkdf2-sha256$abc$!!$??")).isFalse();
    assertThat(hasher.verify("x", null)).isFalse();
  }

  @Test
  void defaultHasherShouldUseOwaspIterationCount() {
    assertThat(new PasswordHasher().hash("p")).startsWith("pbkdf2-sha256$210000$");
  }
}
