/* simd.h - NN_VECTOR_CLONES: compile a hot loop several times, for AVX-512, for AVX2 and for
 * the baseline CPU, and let the program pick the widest the CPU has when it starts (GCC's and
 * clang's function multi-versioning, on x86-64 with glibc). The default build targets the
 * baseline x86-64, whose vectors hold 4 floats; AVX-512 holds 16.
 * Only on static functions (clang resolves the clones only inside their own file), and only for
 * loops whose every element is computed the same way in every version: C11 mode keeps
 * the compiler from fusing a multiply and an add, and sums are not reordered, so each version
 * gives the same bits.
 */
#ifndef NN_SIMD_H
#define NN_SIMD_H

#if defined(__x86_64__) && defined(__gnu_linux__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define NN_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NN_VECTOR_CLONES
#endif

#endif
