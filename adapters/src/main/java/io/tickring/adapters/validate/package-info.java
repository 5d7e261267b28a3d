/**
 * Validation of market-data events before they reach the ring, shared by every source: the {@link
 * io.tickring.adapters.validate.BookValidator}, the {@link
 * io.tickring.adapters.validate.DropReason} codes and {@link
 * io.tickring.adapters.validate.DropCounters}.
 */
package io.tickring.adapters.validate;
