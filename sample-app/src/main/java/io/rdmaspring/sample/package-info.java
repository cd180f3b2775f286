/**
 * The sample order service, built only on the starter: the records that travel as JSON and the application's roles.
 */
@NullMarked
package io.rdmaspring.sample;

import org.jspecify.annotations.NullMarked;
