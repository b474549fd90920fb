#ifndef ATTNVIZ_Q4K_AVX2_H
#define ATTNVIZ_Q4K_AVX2_H
/*
 * A generated token against up to four Q4_K rows at a time on AVX2 + FMA: the 16-lane chain of
 * ModelFormats' `dot` as two 8-lane halves (lanes 0-7 and 8-15), over the values gguf's
 * dequantize gives, bit for bit the Swift kernel's. What makes it faster than the Swift kernel
 * on AVX2: one row's two halves are two chains of dependent multiply-adds, each waiting for the
 * last (four cycles apiece); four rows are eight independent chains, which keep both FMA units
 * busy, and each token load serves all four rows. A value is (d*sc)*q - dmin*m, a product then a
 * difference, never fused (FP_CONTRACT is off). Scales are unpacked as `BlockQ4K.factors` does.
 * rows8.h runs it, beside the other formats' kernels, through one function that exists on every
 * build so Swift can name it; AVX-512 builds use its six-bit unpacking for their own Q4_K kernel.
 */
#include <stdint.h>
#include <string.h>
#if defined(__AVX2__) && defined(__FMA__) && defined(__F16C__) && !defined(ATTNVIZ_PORTABLE_KERNELS)
#define ATTNVIZ_AVX2_KERNELS 1
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF

/* 1 when attnviz_quant_rows8 (rows8.h) runs here (AVX2 + FMA, also on AVX-512 builds), 0 when
   it must not be called. */
static inline int attnviz_rows8_available(void) {
#ifdef ATTNVIZ_AVX2_KERNELS
    return 1;
#else
    return 0;
#endif
}

#ifdef ATTNVIZ_AVX2_KERNELS
/* Block p's sixteen six-bit fields, eight scales then eight mins, as bytes: the twelve scale
   bytes picked and masked in one register, as `BlockQ4K.factors` does (unpacked one by one they
   were a third of this kernel's instructions). */
static inline __m128i attnviz_q4k_six(const uint8_t *p) {
    const __m128i b = _mm_loadu_si128((const __m128i *)(p + 4)); /* 12 scale bytes, 4 nibble bytes */
    const __m128i low = _mm_shuffle_epi8(b, _mm_setr_epi8(0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 8, 9, 10, 11));
    const __m128i top = _mm_shuffle_epi8(b, _mm_setr_epi8(-1, -1, -1, -1, 0, 1, 2, 3, -1, -1, -1, -1, 4, 5, 6, 7));
    /* Fields 0-3 and 8-11: a byte's low six bits; 4-7: a low nibble; 12-15: a high nibble. */
    const __m128i a = _mm_and_si128(low, _mm_setr_epi8(63, 63, 63, 63, 15, 15, 15, 15, 63, 63, 63, 63, 0, 0, 0, 0));
    const __m128i h = _mm_and_si128(_mm_srli_epi16(low, 4),
                                    _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 15, 15, 15));
    /* Fields 4-7 and 12-15 take bits 6-7 of a first-eight byte as their bits 4-5: (x >> 2) & 0x30,
       which a 16-bit shift gives (the neighbour's bits land outside the mask). */
    const __m128i t = _mm_and_si128(_mm_srli_epi16(top, 2), _mm_set1_epi8(0x30));
    return _mm_or_si128(_mm_or_si128(a, h), t);
}

/* Block p's eight d*sc (f[0..7]) and eight dmin*m (f[8..15]), each one float product as the Swift
   kernel's vector product makes it. */
static inline void attnviz_q4k_factors8(const uint8_t *p, float *f) {
    /* Both float16 scales converted from a fresh register: _cvtsh_ss compiled to a vpinsrw into
       the register that held the last block's scale, so each block waited on the one before. */
    int32_t both;
    memcpy(&both, p, 4);
    const __m128 dm = _mm_cvtph_ps(_mm_cvtsi32_si128(both));
    const __m128i six = attnviz_q4k_six(p);
    const __m256 sc = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(six));
    const __m256 mn = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(six, 8)));
    _mm256_storeu_ps(f, _mm256_mul_ps(_mm256_broadcastss_ps(dm), sc));
    _mm256_storeu_ps(f + 8, _mm256_mul_ps(_mm256_broadcastss_ps(_mm_movehdup_ps(dm)), mn));
}

/* Rows r < R's two 8-lane halves from acc + 16 r (lanes 0-7, then 8-15), and back. */
static inline __attribute__((always_inline)) void attnviz_halves_load(__m256 a[4][2], const float *acc, const int R) {
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        a[r][0] = _mm256_loadu_ps(acc + 16 * r);
        a[r][1] = _mm256_loadu_ps(acc + 16 * r + 8);
    }
}

static inline __attribute__((always_inline)) void attnviz_halves_store(__m256 a[4][2], float *acc, const int R) {
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        _mm256_storeu_ps(acc + 16 * r, a[r][0]);
        _mm256_storeu_ps(acc + 16 * r + 8, a[r][1]);
    }
}

/* R rows (row, row + rowBytes, ...) against x over `blocks` blocks; row r's 16 lanes at
   acc + 16 r, read, extended and written back. Lanes 0-7 take values 0-7, 16-23, 32-39, 48-55 of
   each 64 in that order, lanes 8-15 the others: `dot`'s order. Each row asks for its bytes
   `ahead` on (the next group of rows). R is a constant at every call. */
static inline __attribute__((always_inline)) void attnviz_q4k_rows8_t(const float *x, const uint8_t *row,
                                                                     long rowBytes, long blocks, long ahead,
                                                                     float *acc, const int R) {
    __m256 a[4][2];
    const __m256i m4 = _mm256_set1_epi32(15);
    attnviz_halves_load(a, acc, R);
    for (long b = 0; b < blocks; b++) {
        float f[4][16];
        const uint8_t *p[4];
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            p[r] = row + rowBytes * r + 144 * b;
            _mm_prefetch((const char *)(p[r] + ahead), _MM_HINT_T0);
            _mm_prefetch((const char *)(p[r] + ahead + 64), _MM_HINT_T0);
            _mm_prefetch((const char *)(p[r] + ahead + 128), _MM_HINT_T0);
            attnviz_q4k_factors8(p[r], f[r]);
        }
        const float *xb = x + 256 * b;
        for (int i = 0; i < 4; i++) {
            const float *xi = xb + 64 * i;
            /* A row at a time: its 32 bytes widened once, their low nibbles (values 64i ...
               64i + 31) then their high nibbles (64i + 32 ... 64i + 63); the other rows' chains
               run meanwhile. */
#pragma clang loop unroll(full)
            for (int r = 0; r < R; r++) {
                const uint8_t *q = p[r] + 16 + 32 * i;
                __m256i b8[4];
#pragma clang loop unroll(full)
                for (int c = 0; c < 4; c++) b8[c] = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(q + 8 * c)));
#pragma clang loop unroll(full)
                for (int h = 0; h < 2; h++) {
                    const __m256 d = _mm256_broadcast_ss(&f[r][2 * i + h]);
                    const __m256 m = _mm256_broadcast_ss(&f[r][8 + 2 * i + h]);
#pragma clang loop unroll(full)
                    for (int c = 0; c < 4; c++) {
                        __m256i n = h ? _mm256_srli_epi32(b8[c], 4) : _mm256_and_si256(b8[c], m4);
                        __m256 v = _mm256_sub_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(n), d), m);
                        a[r][c & 1] = _mm256_fmadd_ps(_mm256_loadu_ps(xi + 32 * h + 8 * c), v, a[r][c & 1]);
                    }
                }
                /* Each row loads the tokens again (loads are cheap, L1 hits): kept in registers
                   across the rows, they had pushed the accumulators onto the stack. */
                __asm__ volatile("" ::: "memory");
            }
        }
    }
    attnviz_halves_store(a, acc, R);
}
#endif
#endif
