package io.rdmaspring.sample;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/** Something that happened to an order (paid, shipped...), sent one-way. */
public record OrderEvent(@Positive long orderId, @NotBlank String type)
{
}
