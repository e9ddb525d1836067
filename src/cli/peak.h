/* peak.h - the machine's measured floating-point peak, for `scratchnet bench` to say what
 * fraction of it the library reaches. */
#ifndef CLI_PEAK_H
#define CLI_PEAK_H

/* Single-precision GFLOP/s of fused multiply-adds with no memory traffic, on `threads` threads
 * at once (each runs independent FMA chains in the widest vectors the CPU has), measured over
 * about `seconds`. *isa is set to "avx512", "avx2" or "scalar". */
double peak_gflops(int threads, double seconds, const char **isa);

#endif
