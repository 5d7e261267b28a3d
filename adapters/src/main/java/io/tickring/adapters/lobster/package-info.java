/** The LOBSTER (NASDAQ message + orderbook files) importer. */
package io.tickring.adapters.lobster;
