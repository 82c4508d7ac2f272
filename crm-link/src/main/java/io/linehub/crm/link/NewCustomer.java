package io.linehub.crm.link;

import io.linehub.api.crm.Channel;

/** The fields of a lead or contact created because nobody matched. */
public record NewCustomer(String title, String name, Channel source, Long responsibleUserId) {
}
