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

/* 1 when the build multiplies-and-adds in hardware (x86 built for FMA, or any aarch64), 0 when
   every fused multiply-add is libm's fmaf in software (a baseline x86-64 build). */
static inline int attnviz_hardware_fma(void) {
#if defined(__FMA__) || defined(__aarch64__) || defined(__ARM_FEATURE_FMA)
    return 1;
#else
    return 0;
#endif
}

/* 1 when this CPU has FMA (asked of the CPU at run time; aarch64 always has it). */
static inline int attnviz_cpu_has_fma(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma") ? 1 : 0;
#else
    return 1;
#endif
}
#endif
