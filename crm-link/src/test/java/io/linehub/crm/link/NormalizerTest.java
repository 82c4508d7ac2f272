package io.linehub.crm.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.linehub.api.crm.Identity;
import io.linehub.api.crm.IdentityType;
import io.linehub.api.error.ErrorCode;
import io.linehub.api.error.LinehubException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class NormalizerTest {

  private final Normalizer ru = new Normalizer("RU");

  @ParameterizedTest
  @ValueSource(strings = {"8 (495) 123-45-67", "+7 495 1234567", "74951234567", "+74951234567", " 8-495-123-45-67 ",
      "(495) 123 45 67", "4951234567", "007 495 123 45 67", "+7 (495) 123.45.67"})
  void phoneShouldBeE164WhenWrittenAnyRussianWay(String raw) {
    assertThat(ru.phone(raw)).isEqualTo("+74951234567");
  }

  @Test
  void phoneShouldKeepCountryWhenInternationalNumberGiven() {
    assertThat(ru.phone("+55 11 91234-5678")).isEqualTo("+5511912345678");
    assertThat(ru.phone("5511912345678")).isEqualTo("+5511912345678");
    assertThat(ru.phone("+1 650-253-0000")).isEqualTo("+16502530000");
  }

  @Test
  void phoneShouldUseConfiguredRegionWhenNumberIsNational() {
    var br = new Normalizer("br");
    assertThat(br.phone("(11) 91234-5678")).isEqualTo("+5511912345678");
    assertThat(ru.phone("8 916 123-45-67")).isEqualTo("+79161234567");
  }

  @ParameterizedTest
  @ValueSource(strings = {"12", "abc", "8 (495) 12", "+7 495 CALL-NOW", "+999 123 456 789", "---"})
  void phoneShouldFailNamingFieldWhenInvalid(String raw) {
    assertThatThrownBy(() -> ru.phone(raw))
        .isInstanceOfSatisfying(LinehubException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
          assertThat(e.getMessage()).startsWith("phone: ");
        });
  }

  @Test
  void phoneShouldFailWhenBlank() {
    assertThatThrownBy(() -> ru.phone("  ")).hasMessage("phone: is required");
    assertThatThrownBy(() -> ru.phone("phones[0]", null)).hasMessage("phones[0]: is required");
  }

  @Test
  void emailShouldBeTrimmedAndLowerCasedWhenValid() {
    assertThat(ru.email("  Ivan.Petrov@Example.RU ")).isEqualTo("ivan.petrov@example.ru");
    assertThat(ru.email("a+tag@sub.mail.example.com")).isEqualTo("a+tag@sub.mail.example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ivan", "ivan@", "@example.ru", "ivan@example", "iv an@example.ru", "ivan@@example.ru",
      "ivan@exa_mple.ru", ".ivan@example.ru", "ivan@example.r"})
  void emailShouldFailNamingFieldWhenSyntaxIsWrong(String raw) {
    assertThatThrownBy(() -> ru.email(raw)).hasMessageStartingWith("email: ");
  }

  @Test
  void messengerIdShouldBeTrimmedWithoutTypePrefixWhenGiven() {
    assertThat(ru.messenger("telegram", IdentityType.TELEGRAM, " 123456789 ")).isEqualTo("123456789");
    assertThat(ru.messenger("telegram", IdentityType.TELEGRAM, "telegram:123456789")).isEqualTo("123456789");
    assertThat(ru.messenger("vk", IdentityType.VK, "id42")).isEqualTo("id42");
    assertThatThrownBy(() -> ru.messenger("vk", IdentityType.VK, " ")).hasMessage("vk: is required");
    assertThatThrownBy(() -> ru.messenger("vk", IdentityType.VK, "vk: ")).hasMessage("vk: is required");
  }

  @Test
  void identitiesShouldDropDuplicatesWhenEqualAfterNormalisation() {
    var identities = ru.identities(List.of(Identity.phone("8 495 123-45-67"), Identity.phone("+74951234567"),
        Identity.email("A@B.ru"), Identity.email("a@b.ru"), new Identity(IdentityType.WHATSAPP, "wa:1")));
    assertThat(identities).containsExactly(new NormalIdentity(IdentityType.PHONE, "+74951234567"),
        new NormalIdentity(IdentityType.EMAIL, "a@b.ru"), new NormalIdentity(IdentityType.WHATSAPP, "wa:1"));
  }

  @Test
  void constructorShouldFailWhenRegionIsUnknown() {
    assertThatThrownBy(() -> new Normalizer("XX")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNumberNormalisedBeforeShouldGiveTheSameAnswerAndAnInvalidOneStayRefused() {
    var normalizer = new Normalizer("RU");
    String first = normalizer.phone("8 (495) 123-45-67");
    assertThat(normalizer.phone("8 (495) 123-45-67")).isEqualTo(first).isEqualTo("+74951234567");
    for (int i = 0; i < 2; i++) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> normalizer.phone("phone", "12"))
          .hasMessageContaining("not a valid phone number");
    }
  }
}
