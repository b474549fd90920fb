#ifndef ATTNVIZ_Q4K_H
#define ATTNVIZ_Q4K_H
/*
 * One token against one Q4_K row on AVX-512: the 16-lane chain of ModelFormats' `dot`, over the
 * values gguf's dequantize gives, bit for bit the Swift kernel's. What makes it faster: each
 * sub-block's 16 possible values, (d*sc)*q - dmin*m for q = 0...15, are made once as one vector
 * (a product, then a difference, never fused: FP_CONTRACT is off), and each nibble picks its
 * value from it with one permute, where the Swift kernel converted and scaled every value
 * (vpermps reads only an index's low four bits, so the nibbles need no mask).
 * Scales are unpacked as the Swift kernel's `BlockQ4K.factors` does. Other tiers call nothing
 * here; the function exists on every build so Swift can name it.
 */
#include <stdint.h>
#include <string.h>
#include "q4k_avx2.h"
#if defined(__AVX512F__) && !defined(ATTNVIZ_PORTABLE_KERNELS)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF

/* Bytes ahead of a generated token's weight reads that the kernels ask memory for (the rows
   lie one after another); Swift's `QuantizedKernels.ahead` is this value. */
#define ATTNVIZ_PREFETCH_AHEAD 4096

/* Asks for the cache line at p ahead of its use (any tier; Swift has no prefetch of its own). */
static inline void attnviz_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/* 1 when attnviz_q4k_row runs here (AVX-512), 0 when it must not be called. */
static inline int attnviz_q4k_available(void) {
#if defined(__AVX512F__) && !defined(ATTNVIZ_PORTABLE_KERNELS)
    return 1;
#else
    return 0;
#endif
}

#if defined(__AVX512F__) && !defined(ATTNVIZ_PORTABLE_KERNELS)
/* Block b's d*sc (f[0..7]) and dmin*m (f[8..15]): the six-bit fields as attnviz_q4k_six unpacks
   them, the float16 scales converted from a fresh register (see attnviz_q4k_factors8). */
static inline __m512 attnviz_q4k_factors(const uint8_t *p) {
    int32_t both;
    memcpy(&both, p, 4);
    const __m128 dm = _mm_cvtph_ps(_mm_cvtsi32_si128(both));
    __m512 dd = _mm512_mask_blend_ps(0xFF00, _mm512_broadcastss_ps(dm), _mm512_broadcastss_ps(_mm_movehdup_ps(dm)));
    return _mm512_mul_ps(dd, _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(attnviz_q4k_six(p))));
}
#endif

/* acc (16 floats) += x . row, in `dot`'s order: values 16 at a time, in the row's order. */
static inline void attnviz_q4k_row(const float *x, const uint8_t *row, long blocks, float *acc) {
#if defined(__AVX512F__) && !defined(ATTNVIZ_PORTABLE_KERNELS)
    const __m512 iota = _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m512 a = _mm512_loadu_ps(acc);
    for (long b = 0; b < blocks; b++) {
        const uint8_t *p = row + 144 * b;
        /* Asked for block by block, the bytes 4 KB on (the next row's, past a row's end) arrive
           before they are needed; asking for a whole row at its start (as the Swift kernels do)
           was 5 % slower here. */
        _mm_prefetch((const char *)(p + ATTNVIZ_PREFETCH_AHEAD), _MM_HINT_T0);
        _mm_prefetch((const char *)(p + ATTNVIZ_PREFETCH_AHEAD + 64), _MM_HINT_T0);
        _mm_prefetch((const char *)(p + ATTNVIZ_PREFETCH_AHEAD + 128), _MM_HINT_T0);
        float f[16];
        _mm512_storeu_ps(f, attnviz_q4k_factors(p));
        const float *xb = x + 256 * b;
        for (int i = 0; i < 4; i++) {
            __m512 lo = _mm512_sub_ps(_mm512_mul_ps(iota, _mm512_set1_ps(f[2 * i])), _mm512_set1_ps(f[8 + 2 * i]));
            __m512 hi =
                _mm512_sub_ps(_mm512_mul_ps(iota, _mm512_set1_ps(f[2 * i + 1])), _mm512_set1_ps(f[9 + 2 * i]));
            __m128i q0 = _mm_loadu_si128((const __m128i *)(p + 16 + 32 * i));
            __m128i q1 = _mm_loadu_si128((const __m128i *)(p + 32 + 32 * i));
            const float *xi = xb + 64 * i;
            a = _mm512_fmadd_ps(_mm512_loadu_ps(xi), _mm512_permutexvar_ps(_mm512_cvtepu8_epi32(q0), lo), a);
            a = _mm512_fmadd_ps(_mm512_loadu_ps(xi + 16), _mm512_permutexvar_ps(_mm512_cvtepu8_epi32(q1), lo), a);
            __m128i h0 = _mm_srli_epi16(q0, 4), h1 = _mm_srli_epi16(q1, 4);
            a = _mm512_fmadd_ps(_mm512_loadu_ps(xi + 32), _mm512_permutexvar_ps(_mm512_cvtepu8_epi32(h0), hi), a);
            a = _mm512_fmadd_ps(_mm512_loadu_ps(xi + 48), _mm512_permutexvar_ps(_mm512_cvtepu8_epi32(h1), hi), a);
        }
    }
    _mm512_storeu_ps(acc, a);
#else
    (void)x;
    (void)row;
    (void)blocks;
    (void)acc;
#endif
}
#endif
