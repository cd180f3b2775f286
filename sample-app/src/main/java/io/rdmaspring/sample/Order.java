package io.rdmaspring.sample;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/** An order as the producer places it; the consumer validates it before its listener runs. */
public record Order(@Positive long id, @NotBlank String customer, @NotBlank String item, @Positive @Max(1000) int quantity)
{
}
