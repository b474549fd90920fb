#ifndef ATTNVIZ_ROWS8_H
#define ATTNVIZ_ROWS8_H
/*
 * A generated token against up to four rows at a time of the other formats, in 8-lane halves (AVX2
 * + FMA, also on AVX-512 builds): the rest of a Q4_K_M file (Llama's output matrix and half its V
 * and down matrices are Q6_K; Gemma 3's and Qwen2.5's q, k, gate and up are Q5_0), and Q8_0,
 * Q4_0, Q5_1, IQ4_NL and IQ4_XS files. As in
 * q4k_avx2.h: the 16 lanes of `dot` as two 8-lane chains, four rows' chains interleaved, each
 * value as gguf's dequantize makes it (one product, FP_CONTRACT off), bit for bit the Swift
 * kernels'. The integer parts are made 16 or 32 bytes at a time, then widened 8 at a time.
 */
#include "q4k_avx2.h"

#pragma STDC FP_CONTRACT OFF

/* The formats attnviz_quant_rows8 runs (`kind`): the 32-value ones as 16 + 16 signed bytes and a
   scale (and Q5_1's offset), IQ4_XS as eight of IQ4_NL's, Q6_K and Q4_K their own. */
enum {
    ATTNVIZ_Q50 = 1,   /* 22 bytes: d, qh, nibbles; (q | fifth << 4) - 16, times d */
    ATTNVIZ_Q80 = 2,   /* 34 bytes: d, 32 signed bytes; q times d */
    ATTNVIZ_Q40 = 3,   /* 18 bytes: d, nibbles; q - 8, times d */
    ATTNVIZ_Q51 = 4,   /* 24 bytes: d, m, qh, nibbles; d times (q | fifth << 4), plus m */
    ATTNVIZ_IQ4NL = 5, /* 18 bytes: d, nibbles; d times kvalues[q] */
    ATTNVIZ_IQ4XS = 6, /* 136 bytes: 8 sub-blocks of 32 as IQ4_NL's, each scale d (s - 32) */
    ATTNVIZ_Q6K = 7,
    ATTNVIZ_Q4K = 8    /* q4k_avx2.h */
};

#ifdef ATTNVIZ_AVX2_KERNELS
/* A float16 at p, converted from a fresh register (see attnviz_q4k_factors8). */
static inline float attnviz_half_at(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(h)));
}

/* Bytes 8k ... 8k + 7 of v as eight floats. */
static inline __m256 attnviz_bytes8(__m128i v, const int k) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(k ? _mm_srli_si128(v, 8) : v));
}

/* R Q6_K rows: block b's values 16c ... 16c + 15 (c = 8 half + 2 part + which 16 of 32) are
   low(ql[64 half + 32 (part & 1) + l]) for part < 2, else its high nibble, with bits 2 part of
   qh[32 half + l] on top, minus 32, times d * scale[c]. */
static inline __attribute__((always_inline)) void attnviz_q6k_rows8_t(const float *x, const uint8_t *row,
                                                                     long rowBytes, long blocks, long ahead,
                                                                     float *acc, const int R) {
    __m256 a[4][2];
    attnviz_halves_load(a, acc, R);
    const __m128i m4 = _mm_set1_epi8(15), m2 = _mm_set1_epi8(3), m32 = _mm_set1_epi8(32);
    for (long b = 0; b < blocks; b++) {
        const float *xb = x + 256 * b;
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            const uint8_t *p = row + rowBytes * r + 210 * b;
            for (int o = 0; o < 256; o += 64) _mm_prefetch((const char *)(p + ahead + o), _MM_HINT_T0);
            /* The sixteen d * scale, each one float product. */
            const float d = attnviz_half_at(p + 208);
            const __m128i s = _mm_loadu_si128((const __m128i *)(p + 192));
            float f[16];
            _mm256_storeu_ps(f, _mm256_mul_ps(_mm256_set1_ps(d), attnviz_bytes8(s, 0)));
            _mm256_storeu_ps(f + 8, _mm256_mul_ps(_mm256_set1_ps(d), attnviz_bytes8(s, 1)));
#pragma clang loop unroll(full)
            for (int c = 0; c < 16; c++) {
                const int half = c >> 3, part = (c >> 1) & 3, l0 = 16 * (c & 1);
                const __m128i low = _mm_loadu_si128((const __m128i *)(p + 64 * half + 32 * (part & 1) + l0));
                const __m128i nib = part < 2 ? _mm_and_si128(low, m4) : _mm_and_si128(_mm_srli_epi16(low, 4), m4);
                const __m128i qh = _mm_loadu_si128((const __m128i *)(p + 128 + 32 * half + l0));
                const __m128i top = _mm_and_si128(_mm_srli_epi16(qh, 2 * part), m2);
                const __m128i q = _mm_sub_epi8(_mm_or_si128(nib, _mm_slli_epi16(top, 4)), m32);
                const __m256 ds = _mm256_broadcast_ss(&f[c]);
                a[r][0] = _mm256_fmadd_ps(_mm256_loadu_ps(xb + 16 * c), _mm256_mul_ps(ds, attnviz_bytes8(q, 0)),
                                          a[r][0]);
                a[r][1] = _mm256_fmadd_ps(_mm256_loadu_ps(xb + 16 * c + 8),
                                          _mm256_mul_ps(ds, attnviz_bytes8(q, 1)), a[r][1]);
            }
            __asm__ volatile("" ::: "memory");
        }
    }
    attnviz_halves_store(a, acc, R);
}


/* The fifth bits of 16 values as 16 at bit 4 of each byte: bit k of the low two bytes of `bits`. */
static inline __m128i attnviz_fifth16(uint32_t bits) {
    const __m128i pick = _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    const __m128i bit = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
    const __m128i hb = _mm_shuffle_epi8(_mm_cvtsi32_si128((int)bits), pick);
    return _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(hb, bit), bit), _mm_set1_epi8(16));
}

/* Values 0-15 and 16-31 of 32 (`lo`, `hi`) against x, into the halves a0 (0-7, then 16-23) and
   a1 (8-15, then 24-31): `dot`'s order. A value is d times the byte, plus m (a product, then a
   sum) when `offset`. */
static inline __attribute__((always_inline)) void attnviz_acc32(const float *x, __m128i lo, __m128i hi, __m256 d,
                                                                __m256 m, const int offset, __m256 *a0, __m256 *a1) {
    __m256 v[4] = {_mm256_mul_ps(d, attnviz_bytes8(lo, 0)), _mm256_mul_ps(d, attnviz_bytes8(lo, 1)),
                   _mm256_mul_ps(d, attnviz_bytes8(hi, 0)), _mm256_mul_ps(d, attnviz_bytes8(hi, 1))};
    if (offset)
        for (int k = 0; k < 4; k++) v[k] = _mm256_add_ps(v[k], m);
    *a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x), v[0], *a0);
    *a1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + 8), v[1], *a1);
    *a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x + 16), v[2], *a0);
    *a1 = _mm256_fmadd_ps(_mm256_loadu_ps(x + 24), v[3], *a1);
}

/* R rows of a 32-value format (or IQ4_XS's 256), `kind` above; `bytes` and `values` its block's. */
static inline __attribute__((always_inline)) void attnviz_small_rows8_t(const float *x, const uint8_t *row,
                                                                       long rowBytes, long blocks, long ahead,
                                                                       float *acc, const int R, const int kind,
                                                                       const int bytes, const int values) {
    __m256 a[4][2];
    attnviz_halves_load(a, acc, R);
    const __m128i m4 = _mm_set1_epi8(15);
    const __m128i kv = _mm_setr_epi8(-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113);
    const __m256 none = _mm256_setzero_ps();
    for (long b = 0; b < blocks; b++) {
        const float *xb = x + (long)values * b;
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++) {
            const uint8_t *p = row + rowBytes * r + (long)bytes * b;
            if (values > 32 || (b & 1) == 0) _mm_prefetch((const char *)(p + ahead), _MM_HINT_T0);
            if (values > 32) _mm_prefetch((const char *)(p + ahead + 64), _MM_HINT_T0);
            const float d = attnviz_half_at(p);
            if (kind == ATTNVIZ_IQ4XS) {
                uint16_t high;
                memcpy(&high, p + 2, 2);
                for (int i = 0; i < 8; i++) {
                    const int low = (p[4 + i / 2] >> (4 * (i % 2))) & 15;
                    const float dl = d * (float)((low | (((high >> (2 * i)) & 3) << 4)) - 32);
                    const __m128i qs = _mm_loadu_si128((const __m128i *)(p + 8 + 16 * i));
                    attnviz_acc32(xb + 32 * i, _mm_shuffle_epi8(kv, _mm_and_si128(qs, m4)),
                                  _mm_shuffle_epi8(kv, _mm_and_si128(_mm_srli_epi16(qs, 4), m4)), _mm256_set1_ps(dl),
                                  none, 0, &a[r][0], &a[r][1]);
                }
            } else if (kind == ATTNVIZ_Q80) {
                attnviz_acc32(xb, _mm_loadu_si128((const __m128i *)(p + 2)), _mm_loadu_si128((const __m128i *)(p + 18)),
                              _mm256_set1_ps(d), none, 0, &a[r][0], &a[r][1]);
            } else {
                const int at = kind == ATTNVIZ_Q50 ? 6 : kind == ATTNVIZ_Q51 ? 8 : 2;
                const __m128i qs = _mm_loadu_si128((const __m128i *)(p + at));
                __m128i lo = _mm_and_si128(qs, m4), hi = _mm_and_si128(_mm_srli_epi16(qs, 4), m4);
                if (kind == ATTNVIZ_Q50 || kind == ATTNVIZ_Q51) {
                    uint32_t qh;
                    memcpy(&qh, p + (kind == ATTNVIZ_Q50 ? 2 : 4), 4);
                    lo = _mm_or_si128(lo, attnviz_fifth16(qh));
                    hi = _mm_or_si128(hi, attnviz_fifth16(qh >> 16));
                }
                if (kind == ATTNVIZ_Q50 || kind == ATTNVIZ_Q40) {
                    const __m128i c = _mm_set1_epi8(kind == ATTNVIZ_Q50 ? 16 : 8);
                    lo = _mm_sub_epi8(lo, c);
                    hi = _mm_sub_epi8(hi, c);
                } else if (kind == ATTNVIZ_IQ4NL) {
                    lo = _mm_shuffle_epi8(kv, lo);
                    hi = _mm_shuffle_epi8(kv, hi);
                }
                const __m256 m = kind == ATTNVIZ_Q51 ? _mm256_set1_ps(attnviz_half_at(p + 2)) : none;
                attnviz_acc32(xb, lo, hi, _mm256_set1_ps(d), m, kind == ATTNVIZ_Q51, &a[r][0], &a[r][1]);
            }
            __asm__ volatile("" ::: "memory");
        }
    }
    attnviz_halves_store(a, acc, R);
}
#endif

/* The kernels above for 1 ... 4 rows, `kind` one of the ATTNVIZ_ kinds (AVX2 builds and up; see
   attnviz_rows8_available). */
static inline void attnviz_quant_rows8(int kind, const float *x, const uint8_t *row, long rowBytes, int rows,
                                       long blocks, long ahead, float *acc) {
#ifdef ATTNVIZ_AVX2_KERNELS
#define ATTNVIZ_SMALL(R, K, B, V) attnviz_small_rows8_t(x, row, rowBytes, blocks, ahead, acc, R, K, B, V)
#define ATTNVIZ_ROWS_CASE(R)                                                                 \
    case R:                                                                                  \
        switch (kind) {                                                                      \
        case ATTNVIZ_Q4K: attnviz_q4k_rows8_t(x, row, rowBytes, blocks, ahead, acc, R); break; \
        case ATTNVIZ_Q6K: attnviz_q6k_rows8_t(x, row, rowBytes, blocks, ahead, acc, R); break; \
        case ATTNVIZ_Q50: ATTNVIZ_SMALL(R, ATTNVIZ_Q50, 22, 32); break;                      \
        case ATTNVIZ_Q80: ATTNVIZ_SMALL(R, ATTNVIZ_Q80, 34, 32); break;                      \
        case ATTNVIZ_Q40: ATTNVIZ_SMALL(R, ATTNVIZ_Q40, 18, 32); break;                      \
        case ATTNVIZ_Q51: ATTNVIZ_SMALL(R, ATTNVIZ_Q51, 24, 32); break;                      \
        case ATTNVIZ_IQ4NL: ATTNVIZ_SMALL(R, ATTNVIZ_IQ4NL, 18, 32); break;                  \
        case ATTNVIZ_IQ4XS: ATTNVIZ_SMALL(R, ATTNVIZ_IQ4XS, 136, 256); break;                \
        default: break;                                                                      \
        }                                                                                    \
        break;
    switch (rows) {
        ATTNVIZ_ROWS_CASE(1) ATTNVIZ_ROWS_CASE(2) ATTNVIZ_ROWS_CASE(3) ATTNVIZ_ROWS_CASE(4)
    default: break;
    }
#undef ATTNVIZ_ROWS_CASE
#undef ATTNVIZ_SMALL
#else
    (void)kind;
    (void)x;
    (void)row;
    (void)rowBytes;
    (void)rows;
    (void)blocks;
    (void)ahead;
    (void)acc;
#endif
}
#endif
