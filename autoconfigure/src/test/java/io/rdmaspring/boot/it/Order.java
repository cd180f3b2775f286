package io.rdmaspring.boot.it;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

/** A request the test applications exchange as JSON. */
public record Order(@Positive long id, @NotBlank String item, @Positive int quantity)
{
}
