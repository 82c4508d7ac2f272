package io.linehub.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void normalizeShouldKeepOnlyDigitsBehindAPlus() {
    assertThat(Numbers.normalize("+7 (495) 123-45-67")).isEqualTo("+74951234567");
    assertThat(Numbers.normalize("74951234567")).isEqualTo("+74951234567");
    assertThat(Numbers.normalize("tel:+1.650.555.0100;ext=12")).isEqualTo("+1650555010012");
    assertThat(Numbers.normalize("anonymous")).isEqualTo("+");
    assertThat(Numbers.normalize("")).isEqualTo("+");
  }

  @Test
  void aPhoneNumberShouldBeAnOptionalPlusAndAtLeastFiveDigits() {
    assertThat(Numbers.isPhoneNumber("12345")).isTrue();
    assertThat(Numbers.isPhoneNumber("+79001234567")).isTrue();
    assertThat(Numbers.isPhoneNumber("1234")).isFalse();
    assertThat(Numbers.isPhoneNumber("+1234")).isFalse();
    assertThat(Numbers.isPhoneNumber("++12345")).isFalse();
    assertThat(Numbers.isPhoneNumber("12345+")).isFalse();
    assertThat(Numbers.isPhoneNumber("7900 123 45 67")).isFalse();
    assertThat(Numbers.isPhoneNumber("alice")).isFalse();
    assertThat(Numbers.isPhoneNumber("")).isFalse();
    assertThat(Numbers.isPhoneNumber("+")).isFalse();
  }

  @Test
  void dialOutAndTransferTargetsShouldBeNumbersOfTheirOwnShape() {
    assertThat(Numbers.isDialable("*72#")).isTrue();
    assertThat(Numbers.isDialable("+74951234567")).isTrue();
    assertThat(Numbers.isDialable("7")).isFalse();
    assertThat(Numbers.isDialable("alice")).isFalse();
    assertThat(Numbers.isExternal("+74951234567")).isTrue();
    assertThat(Numbers.isExternal("12")).isFalse();
    assertThat(Numbers.isExternal("*72")).isFalse();
  }
}
