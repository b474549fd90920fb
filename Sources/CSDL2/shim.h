#ifndef ATTNVIZ_CSDL2_SHIM_H
#define ATTNVIZ_CSDL2_SHIM_H

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

/* Macros Swift cannot import, as functions. */
static inline Uint32 attnviz_SDL_WINDOWPOS_CENTERED(void) { return SDL_WINDOWPOS_CENTERED; }
static inline int attnviz_SDL_MUSTLOCK(SDL_Surface *s) { return SDL_MUSTLOCK(s); }
static inline Uint32 attnviz_PIXELFORMAT_ARGB8888(void) { return SDL_PIXELFORMAT_ARGB8888; }

/* The OpenGL implementation behind the current context (Mesa: "llvmpipe (LLVM 15.0.6, 256 bits)"),
   or NULL when no GL context is current (SDL's software or another non-GL renderer). */
static inline const char *attnviz_gl_renderer(void) {
    typedef const unsigned char *(*GetString)(unsigned int);
    if (!SDL_GL_GetCurrentContext()) return NULL;
    GetString get = (GetString)SDL_GL_GetProcAddress("glGetString");
    return get ? (const char *)get(0x1F01 /* GL_RENDERER */) : NULL;
}

#endif
