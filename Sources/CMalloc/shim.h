#ifndef ATTNVIZ_CMALLOC_SHIM_H
#define ATTNVIZ_CMALLOC_SHIM_H
/* glibc's malloc tuning (mallopt), which the Glibc Swift module does not export. */
#include <malloc.h>
#endif
