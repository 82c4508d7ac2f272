/** Load drivers for the figures in docs/benchmarks.md; run by bench/run-*.sh, never by the tests. */
package io.linehub.bench;
