/** The tick-snapshot CSV importer and its column mapping. */
package io.tickring.adapters.csv;
