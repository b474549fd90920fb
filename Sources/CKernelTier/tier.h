#ifndef ATTNVIZ_KERNEL_TIER_H
#define ATTNVIZ_KERNEL_TIER_H
/*
 * The instruction set the build targets, as the compiler sees it: Swift passes its -target-cpu
 * to the Clang that reads this header, so the answer is a constant of the build, folded away.
 * 2: AVX-512F; 1: AVX2 and FMA; 0: anything else (SSE, NEON, ...). ATTNVIZ_PORTABLE_KERNELS
 * (-Xcc -DATTNVIZ_PORTABLE_KERNELS) forces 0, so the fallback can be measured on any machine.
 */
static inline int attnviz_kernel_tier(void) {
#if defined(ATTNVIZ_PORTABLE_KERNELS)
    return 0;
#elif defined(__AVX512F__)
    return 2;
#elif defined(__AVX2__) && defined(__FMA__)
    return 1;
#else
    return 0;
#endif
}
#endif
