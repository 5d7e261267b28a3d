/**
 * Plumbing shared by the file importers (LOBSTER, CSV): byte-level line reading with gzip
 * detection, exact number parsing, local-time conversion, and {@link
 * io.tickring.adapters.importer.ImportRun}, which numbers, validates, writes and counts events.
 * Types here are public only because the importers live in sibling packages; the API the command
 * line uses is the importers, {@code ImportOptions}, {@code ImportResult} and {@code
 * ImportException}.
 */
package io.tickring.adapters.importer;
