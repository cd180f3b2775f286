/**
 * Failure analyzers that turn the verbs layer's setup exceptions into Spring Boot's "APPLICATION FAILED TO START"
 * report: what went wrong, and an {@code Action:} with the commands that fix it.
 */
@NullMarked
package io.rdmaspring.boot.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
